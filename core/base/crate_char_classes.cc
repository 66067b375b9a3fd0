#include "core/base/crate_char_classes.h"

#include <algorithm>

namespace octet::unicode {
namespace {

// Binary search in sorted, disjoint ranges.
bool InRanges(const CodePointRange* ranges, size_t count, char32_t cp) {
  const CodePointRange* end = ranges + count;
  const CodePointRange* it = std::upper_bound(
      ranges, end, cp, [](char32_t c, const CodePointRange& r) { return c < r.lo; });
  return it != ranges && cp <= (it - 1)->hi;
}

}  // namespace

bool IsCrateOther(char32_t cp) {
  return InRanges(crate_tables::kOther, crate_tables::kOtherCount, cp);
}

bool IsCratePunctuation(char32_t cp) {
  return InRanges(crate_tables::kPunctuation, crate_tables::kPunctuationCount, cp);
}

bool IsCrateNonSpacingMark(char32_t cp) {
  return InRanges(crate_tables::kNonSpacingMark, crate_tables::kNonSpacingMarkCount, cp);
}

}  // namespace octet::unicode
