#include "core/tokenizer/normalizers/strip.h"

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {

absl::StatusOr<std::unique_ptr<Normalizer>> StripNormalizer::FromJson(const nlohmann::json& j,
                                                                      const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(bool left, GetBool(j, "strip_left", true, path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(bool right, GetBool(j, "strip_right", true, path, "normalizer."));
  return std::make_unique<StripNormalizer>(left, right);
}

void StripNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                      NormalizedText* out) const {
  size_t begin = 0, end = n;
  if (left_) {
    while (begin < end && unicode::IsWhitespace(chars[begin])) ++begin;
  }
  if (right_) {
    while (end > begin && unicode::IsWhitespace(chars[end - 1])) --end;
  }
  // The kept characters keep their own alignment.
  for (size_t i = begin; i < end; ++i) {
    const auto at = first_index + static_cast<int32_t>(i);
    out->chars.push_back(chars[i]);
    out->origin.push_back({at, at + 1});
  }
}

}  // namespace octet
