#include "core/tokenizer/normalizers/strip_accents.h"

#include "core/tokenizer/normalizers/unicode_forms.h"
#include "nlohmann/json.hpp"

namespace octet {

absl::StatusOr<std::unique_ptr<Normalizer>> StripAccentsNormalizer::FromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return std::make_unique<StripAccentsNormalizer>();
}

void StripAccentsNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                             NormalizedText* out) const {
  // A kept character keeps its own origin; a removed one leaves no trace (the crate's filter).
  for (size_t i = 0; i < n; ++i) {
    if (IsCombiningMark(chars[i])) continue;
    const auto at = first_index + static_cast<int32_t>(i);
    out->chars.push_back(chars[i]);
    out->origin.push_back({at, at + 1});
  }
}

}  // namespace octet
