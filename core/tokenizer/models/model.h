#pragma once
// The model seam (tokenizer.json `model`): turns one pre-tokenized word into vocabulary ids, and
// maps between tokens and ids.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace octet {

/// One token of a word: vocabulary id and [begin, end) byte offsets within the word. Tokens
/// come in order; several may share one range (byte-fallback pieces of one character).
struct ModelToken {
  int32_t id = 0;
  int32_t begin = 0;
  int32_t end = 0;
  /// The token's string is the text it covers rather than the id's vocabulary string (Unigram's
  /// fused unknown runs).
  bool text_is_token = false;
};

/// A tokenizer.json model (WordPiece today). Implementations are immutable and thread-safe.
class TokenizerModel {
 public:
  virtual ~TokenizerModel() = default;

  /// Appends the tokens of one word (valid UTF-8, already normalized and pre-tokenized) to
  /// `out`, in order, with byte offsets into `word`. Words the vocabulary cannot cover become
  /// unk tokens as the model defines it. An empty word yields nothing.
  virtual void Tokenize(std::string_view word, std::vector<ModelToken>* out) const = 0;

  /// The id of `token` in the model's vocabulary, if present.
  virtual std::optional<int32_t> TokenToId(std::string_view token) const = 0;
  /// The token string of `id`; an empty string for ids out of range.
  virtual const std::string& IdToToken(int32_t id) const = 0;
  /// Number of ids (max id + 1).
  virtual int64_t vocab_size() const = 0;
  /// The id unknown text maps to, or -1 when the model has none.
  virtual int32_t unk_id() const = 0;
};

}  // namespace octet
