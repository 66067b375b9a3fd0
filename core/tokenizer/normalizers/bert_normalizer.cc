#include "core/tokenizer/normalizers/bert_normalizer.h"

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"

namespace octet {

BertNormalizer::BertNormalizer(const NormalizerOptions& options)
    : options_(options), strip_accents_(options.strip_accents.value_or(options.lowercase)) {}

absl::StatusOr<std::unique_ptr<Normalizer>> BertNormalizer::FromJson(const Json& j,
                                                                     const std::string& path) {
  NormalizerOptions o;
  OCTET_ASSIGN_OR_RETURN(o.clean_text, GetBool(j, "clean_text", true, path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(o.handle_chinese_chars,
                         GetBool(j, "handle_chinese_chars", true, path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(o.strip_accents, GetNullableBool(j, "strip_accents", path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(o.lowercase, GetBool(j, "lowercase", true, path, "normalizer."));
  return std::make_unique<BertNormalizer>(o);
}

void BertNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                     NormalizedText* out) const {
  out->chars.reserve(out->chars.size() + n);
  out->origin.reserve(out->origin.size() + n);
  // Per original char: after CJK spacing at most 3 chars; each decomposes to at most
  // kMaxDecomposition chars; lowercase at most doubles one char.
  char32_t stage1[3];
  char32_t decomposed[unicode::kMaxDecomposition];
  char32_t lowered[2];
  for (size_t i = 0; i < n; ++i) {
    char32_t c = chars[i];
    const int32_t index = first_index + static_cast<int32_t>(i);
    const CharSpan origin = {index, index + 1};
    // ASCII fast path for the common case.
    if (c < 0x80 && c >= 0x20 && c != 0x7F) {
      if (options_.lowercase && c >= 'A' && c <= 'Z') c += 32;
      out->chars.push_back(c);
      out->origin.push_back(origin);
      continue;
    }
    if (options_.clean_text) {
      if (c == 0 || c == 0xFFFD || unicode::IsBertControl(c)) continue;
      if (unicode::IsBertWhitespace(c)) c = ' ';
    }
    int n1 = 0;
    if (options_.handle_chinese_chars && unicode::IsChineseChar(c)) {
      stage1[n1++] = ' ';
      stage1[n1++] = c;
      stage1[n1++] = ' ';
    } else {
      stage1[n1++] = c;
    }
    for (int a = 0; a < n1; ++a) {
      int n2 = 1;
      decomposed[0] = stage1[a];
      if (strip_accents_) n2 = unicode::CanonicalDecompose(stage1[a], decomposed);
      for (int b = 0; b < n2; ++b) {
        const char32_t d = decomposed[b];
        if (strip_accents_ && unicode::IsNonSpacingMark(d)) continue;
        int n3 = 1;
        lowered[0] = d;
        if (options_.lowercase) n3 = unicode::ToLower(d, lowered);
        for (int k = 0; k < n3; ++k) {
          out->chars.push_back(lowered[k]);
          out->origin.push_back(origin);
        }
      }
    }
  }
}

}  // namespace octet
