#pragma once
// BertPreTokenizer (Hugging Face `tokenizers`): split on whitespace (dropped), then make every
// punctuation character a word of its own.

#include <cstdint>
#include <string_view>
#include <vector>

namespace octet {

/// A half-open range [begin, end) of code point indices.
struct CharSpan {
  int32_t begin = 0;
  int32_t end = 0;
};

/// Appends the words of `chars` to `words`, as spans shifted by `base` (the index of chars[0] in
/// the caller's text). Whitespace = Rust `char::is_whitespace`; punctuation = ASCII punctuation
/// or Unicode P*.
void BertPreTokenize(std::u32string_view chars, int32_t base, std::vector<CharSpan>* words);

}  // namespace octet
