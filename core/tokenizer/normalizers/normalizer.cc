#include "core/tokenizer/normalizers/normalizer.h"

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"

namespace octet {

absl::StatusOr<std::string> Normalizer::Normalize(std::string_view text) const {
  unicode::DecodedText decoded;
  OCTET_RETURN_IF_ERROR(unicode::DecodeUtf8(text, &decoded));
  NormalizedText normalized;
  NormalizeAppend(decoded.chars.data(), decoded.chars.size(), 0, &normalized);
  std::string result;
  result.reserve(normalized.size());
  for (char32_t c : normalized.chars) unicode::AppendUtf8(c, &result);
  return result;
}

}  // namespace octet
