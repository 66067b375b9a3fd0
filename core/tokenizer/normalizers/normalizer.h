#pragma once
// The normalizer seam (tokenizer.json `normalizer`): rewrites text before pre-tokenization while
// remembering, for every output character, which characters of the original text it came from,
// so token offsets can point into the un-normalized input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/char_span.h"

namespace octet {

/// Normalized code points, each with the span (in code points of the original text) it came
/// from. A token covering normalized characters [i, j) covers [origin[i].begin,
/// origin[j - 1].end) of the original. Both ends are non-decreasing along the text.
struct NormalizedText {
  std::u32string chars;
  std::vector<CharSpan> origin;

  void clear() {
    chars.clear();
    origin.clear();
  }
  size_t size() const { return chars.size(); }
};

/// One output character of a rewrite and how it relates to the input, as tokenizers'
/// `NormalizedString::transform` takes it: `change` 0 = it replaces the next input character;
/// +1 = it is inserted and shares the alignment of the input character before it; -k = it
/// replaces the next input character and the k input characters after that are removed.
struct CharChange {
  char32_t c;
  int32_t change;
};

/// Appends the result of `changes` applied to input characters whose origins are `in_origin`
/// (`n` of them) to `out`, with the crate's alignment rules: the first `skip` input characters
/// are removed first; an inserted character takes the origin of the input character before the
/// current position (`{first, first}` when there is none); input characters left over at the
/// end are removed. Removals the changes do not account for shift later alignments exactly as
/// they do in the crate.
void ApplyChanges(const CharSpan* in_origin, size_t n, size_t skip,
                  const std::vector<CharChange>& changes, NormalizedText* out);

/// A tokenizer.json normalizer. Implementations are immutable and thread-safe.
class Normalizer {
 public:
  virtual ~Normalizer() = default;

  /// Normalizes the `n` code points at `chars` and appends the result to `out`. The i-th input
  /// code point is the original character `first_index + i`; every appended character records
  /// the span of original characters it came from (a dropped character leaves no trace, an
  /// expanded one gives each of its outputs its own span, merged ones share the union).
  virtual void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                               NormalizedText* out) const = 0;

  /// Normalizes a UTF-8 string and returns the normalized UTF-8 string (invalid UTF-8 →
  /// InvalidArgument). Used for the content of added tokens with normalized = true.
  absl::StatusOr<std::string> Normalize(std::string_view text) const;

  /// Normalizes `in` (characters with their original spans) and appends the result to `out`,
  /// each output character's origin taken from the input character it is aligned to. This is
  /// how a `Sequence` chains normalizers.
  void NormalizeSpans(const NormalizedText& in, NormalizedText* out) const;
};

}  // namespace octet
