#pragma once
// The byte-level pre-tokenizer of GPT-2 / RoBERTa (tokenizers' `ByteLevel`): the text is split by
// GPT-2's regex, then every UTF-8 byte of a piece becomes one printable character, so that the BPE
// vocabulary covers every input without an unknown token.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace octet {

/// The printable character GPT-2 maps byte `b` to: printable Latin-1 bytes map to themselves,
/// the other 68 to U+0100 and up, in byte order.
char32_t ByteToChar(uint8_t b);

/// The byte a character stands for, or -1 when `c` is not one of the 256 byte characters.
int CharToByte(char32_t c);

/// Splits code points as GPT-2's pre-tokenization regex does,
///   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
/// (alternatives tried in order at each position, as a backtracking regex engine does).
/// Returns [begin, end) index ranges into `chars` that cover it, in order.
std::vector<std::pair<size_t, size_t>> SplitGpt2(const std::vector<char32_t>& chars);

/// One piece of byte-level text: `text` holds the byte characters (UTF-8), and for each of them
/// `source` is the [begin, end) range of code points of the original piece it came from (every
/// byte of a multi-byte character carries the whole character's range).
struct ByteLevelPiece {
  std::string text;
  std::vector<std::pair<int64_t, int64_t>> source;
};

/// Maps code points [begin, end) of `chars` to byte characters. `source` ranges are indices into
/// `chars`.
ByteLevelPiece ToByteLevel(const std::vector<char32_t>& chars, size_t begin, size_t end);

}  // namespace octet
