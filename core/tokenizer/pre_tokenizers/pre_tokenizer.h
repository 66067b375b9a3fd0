#pragma once
// The pre-tokenizer seam (tokenizer.json `pre_tokenizer`): splits normalized text into the words
// the model tokenizes one at a time.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/tokenizer/char_span.h"

namespace octet {

/// A tokenizer.json pre-tokenizer. Implementations are immutable and thread-safe.
class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;

  /// Appends the words of `chars` (normalized code points) to `words`, in order, as non-empty
  /// spans shifted by `base` (the index of chars[0] in the caller's text). Characters that belong
  /// to no word (e.g. whitespace) are dropped.
  virtual void PreTokenize(std::u32string_view chars, int32_t base,
                           std::vector<CharSpan>* words) const = 0;
};

}  // namespace octet
