#pragma once
// Added tokens ([CLS], [SEP], [MASK], ... and tokenizer.json `added_tokens`): found in the text
// before WordPiece and kept whole, as Hugging Face `tokenizers` AddedVocabulary does.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"

namespace octet {

/// One entry of tokenizer.json `added_tokens`.
struct AddedToken {
  std::string content;
  int32_t id = 0;
  /// Special tokens ([CLS], [MASK], ...); informational here (their text is matched either way).
  bool special = true;
  /// Only match when not touching a word character on either side.
  bool single_word = false;
  /// Absorb whitespace on the left / right into the match.
  bool lstrip = false;
  bool rstrip = false;
  /// false: matched in the raw text; true: matched in the normalized text (content normalized
  /// with the same normalizer).
  bool normalized = false;
};

/// A piece of a text: [begin, end) in bytes, and the index of the added token it matched
/// (-1 for plain text).
struct TextSplit {
  int64_t begin = 0;
  int64_t end = 0;
  int32_t token = -1;
};

/// The added tokens and their matchers. Immutable once built.
class AddedVocabulary {
 public:
  AddedVocabulary() = default;
  /// Builds the raw and the normalized matcher (`normalizer` may be null = none).
  static absl::StatusOr<AddedVocabulary> Create(std::vector<AddedToken> tokens,
                                                const Normalizer* normalizer);

  const std::vector<AddedToken>& tokens() const { return tokens_; }
  bool empty() const { return tokens_.empty(); }
  bool has_normalized() const { return !normalized_.patterns.empty(); }

  /// Splits the raw text on tokens with normalized = false (leftmost-longest, then the
  /// single_word / lstrip / rstrip rules). Appends non-empty splits covering `text` to `out`.
  void SplitRaw(std::string_view text, std::vector<TextSplit>* out) const {
    Split(raw_, text, out);
  }
  /// Same for normalized text and tokens with normalized = true.
  void SplitNormalized(std::string_view text, std::vector<TextSplit>* out) const {
    Split(normalized_, text, out);
  }

  /// The id of an added token's content.
  std::optional<int32_t> Find(std::string_view content) const;
  /// The content of the added token with this id, or null.
  const std::string* Content(int32_t id) const;
  /// Largest id + 1 (0 when empty).
  int64_t id_end() const;

 private:
  struct Matcher {
    std::vector<std::string> patterns;
    std::vector<int32_t> token_index;                     // pattern → index into tokens_
    std::array<std::vector<int32_t>, 256> by_first_byte;  // first byte → pattern indices
  };
  static void AddPattern(std::string pattern, int32_t token_index, Matcher* m);
  void Split(const Matcher& m, std::string_view text, std::vector<TextSplit>* out) const;

  std::vector<AddedToken> tokens_;
  Matcher raw_;
  Matcher normalized_;
};

}  // namespace octet
