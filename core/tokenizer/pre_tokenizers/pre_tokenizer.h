#pragma once
// The pre-tokenizer seam (tokenizer.json `pre_tokenizer`): turns normalized text into the words
// the model tokenizes one at a time. Most pre-tokenizers only split; some also rewrite the
// characters (ByteLevel maps every UTF-8 byte to a printable character), so a word carries its
// own characters and, for each, the original characters it stands for.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/char_span.h"

namespace octet {

/// Words as the model receives them: the characters of every word one after the other, for
/// each character the span of original characters it came from, and each word's range.
struct PreTokenizedText {
  std::u32string chars;
  std::vector<CharSpan> origin;  ///< one per character of `chars`
  std::vector<CharSpan> words;   ///< [begin, end) into `chars`, non-empty, in order

  void clear() {
    chars.clear();
    origin.clear();
    words.clear();
  }
  /// Appends a word made of `chars` with the given origins (one per character).
  void AddWord(std::u32string_view word, const CharSpan* word_origin);
};

/// A tokenizer.json pre-tokenizer. Implementations are immutable and thread-safe.
class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;

  /// Appends the words of `chars` (normalized code points; `origin[i]` is the span of original
  /// characters chars[i] came from) to `out`, in order. Characters that belong to no word (e.g.
  /// whitespace for BERT) are dropped.
  virtual void PreTokenize(std::u32string_view chars, const CharSpan* origin,
                           PreTokenizedText* out) const = 0;
};

/// A pre-tokenizer that only splits: every word is a run of the input's characters, unchanged.
class SplittingPreTokenizer : public PreTokenizer {
 public:
  /// Appends the words of `chars` to `words` as non-empty spans shifted by `base` (the index of
  /// chars[0] in the caller's text), in order.
  virtual void Split(std::u32string_view chars, int32_t base,
                     std::vector<CharSpan>* words) const = 0;

  void PreTokenize(std::u32string_view chars, const CharSpan* origin,
                   PreTokenizedText* out) const final;
};

}  // namespace octet
