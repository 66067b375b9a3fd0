#pragma once
// The byte-level pre-tokenizer of GPT-2 / RoBERTa (tokenizers' `ByteLevel`): the text is split by
// GPT-2's regex, then every UTF-8 byte of a piece becomes one printable character, so that the BPE
// vocabulary covers every input without an unknown token.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"
#include "nlohmann/json_fwd.hpp"

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
std::vector<std::pair<size_t, size_t>> SplitGpt2(std::u32string_view chars);

/// One piece of byte-level text: `text` holds the byte characters (UTF-8), and for each of them
/// `source` is the [begin, end) range of code points of the original piece it came from (every
/// byte of a multi-byte character carries the whole character's range).
struct ByteLevelPiece {
  std::string text;
  std::vector<std::pair<int64_t, int64_t>> source;
};

/// Maps code points [begin, end) of `chars` to byte characters. `source` ranges are indices into
/// `chars`.
ByteLevelPiece ToByteLevel(std::u32string_view chars, size_t begin, size_t end);

/// tokenizer.json `ByteLevel` settings (the crate's defaults).
struct ByteLevelOptions {
  /// Put a space before a text that does not start with one (so its first word is tokenized
  /// like any later word).
  bool add_prefix_space = true;
  /// Used by the post-processing step (processors/byte_level_offsets.h), not here.
  bool trim_offsets = true;
  /// Split with SplitGpt2 first; false: the whole text is one word.
  bool use_regex = true;
};

/// The ByteLevel pre-tokenizer: per piece of text between added tokens, the optional prefix
/// space (it stands for the piece's first character), the GPT-2 split, then every UTF-8 byte as
/// its printable character (each standing for the whole character it is a byte of).
class ByteLevelPreTokenizer : public PreTokenizer {
 public:
  explicit ByteLevelPreTokenizer(ByteLevelOptions options) : options_(options) {}
  /// Reads tokenizer.json's `{"type": "ByteLevel", "add_prefix_space", "trim_offsets",
  /// "use_regex"}` (absent keys take the defaults). Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<PreTokenizer>> FromJson(const nlohmann::json& j,
                                                                const std::string& path);

  void PreTokenize(std::u32string_view chars, const CharSpan* origin,
                   PreTokenizedText* out) const override;

  const ByteLevelOptions& options() const { return options_; }

 private:
  ByteLevelOptions options_;
};

}  // namespace octet
