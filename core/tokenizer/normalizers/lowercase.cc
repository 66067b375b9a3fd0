#include "core/tokenizer/normalizers/lowercase.h"

#include "core/base/unicode_util.h"
#include "nlohmann/json.hpp"

namespace octet {

absl::StatusOr<std::unique_ptr<Normalizer>> LowercaseNormalizer::FromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return std::make_unique<LowercaseNormalizer>();
}

void LowercaseNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                          NormalizedText* out) const {
  char32_t lower[2];
  for (size_t i = 0; i < n; ++i) {
    const auto at = first_index + static_cast<int32_t>(i);
    const int count = unicode::ToLower(chars[i], lower);
    for (int k = 0; k < count; ++k) {
      out->chars.push_back(lower[k]);
      out->origin.push_back({at, at + 1});
    }
  }
}

}  // namespace octet
