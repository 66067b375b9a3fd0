#include "core/tokenizer/normalizers/normalizer.h"

#include <algorithm>

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"

namespace octet {

void ApplyChanges(const CharSpan* in_origin, size_t n, size_t skip,
                  const std::vector<CharChange>& changes, NormalizedText* out) {
  size_t pos = skip;  // the next input character to consume
  const CharSpan start = n > 0 ? CharSpan{in_origin[0].begin, in_origin[0].begin} : CharSpan{};
  for (const CharChange& ch : changes) {
    CharSpan align;
    if (ch.change > 0) {
      align = pos == 0 ? start : in_origin[std::min(pos, n) - 1];
    } else {
      // The crate indexes past the end only for inconsistent changes; keep the last origin.
      align = pos < n ? in_origin[pos] : (n > 0 ? in_origin[n - 1] : start);
      pos += 1 + static_cast<size_t>(-ch.change);
    }
    out->chars.push_back(ch.c);
    out->origin.push_back(align);
  }
}

void Normalizer::NormalizeSpans(const NormalizedText& in, NormalizedText* out) const {
  NormalizedText local;
  NormalizeAppend(in.chars.data(), in.size(), 0, &local);
  const size_t n = in.size();
  for (size_t i = 0; i < local.size(); ++i) {
    const CharSpan o = local.origin[i];
    CharSpan mapped;
    if (o.end > o.begin && static_cast<size_t>(o.end) <= n) {
      mapped = {in.origin[o.begin].begin, in.origin[o.end - 1].end};
    } else if (static_cast<size_t>(o.begin) < n) {
      mapped = {in.origin[o.begin].begin, in.origin[o.begin].begin};
    } else {
      mapped = n > 0 ? CharSpan{in.origin[n - 1].end, in.origin[n - 1].end} : CharSpan{};
    }
    out->chars.push_back(local.chars[i]);
    out->origin.push_back(mapped);
  }
}

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
