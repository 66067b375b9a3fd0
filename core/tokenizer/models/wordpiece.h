#pragma once
// WordPiece (greedy longest-match-first, `##` continuation) and its vocabulary, as in Hugging Face
// `tokenizers/src/models/wordpiece/mod.rs`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace octet {

/// Token strings ↔ ids. Immutable once built. Not copyable or movable: the index holds views
/// into the token strings, so keep it behind a pointer.
class Vocab {
 public:
  /// id = index in `tokens`. A duplicated token maps to its last id (as a Python dict built from
  /// vocab.txt does); every id still has its own string.
  explicit Vocab(std::vector<std::string> tokens);
  Vocab(const Vocab&) = delete;
  Vocab& operator=(const Vocab&) = delete;

  /// The id of `token`, if present. Does not allocate.
  std::optional<int32_t> Find(std::string_view token) const {
    const auto it = index_.find(token);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  /// The string of `id`; an empty string for ids out of range.
  const std::string& Token(int32_t id) const;
  /// Number of ids (max id + 1).
  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
  /// Length in bytes of the longest token (bounds the WordPiece search).
  size_t max_token_bytes() const { return max_token_bytes_; }

 private:
  std::vector<std::string> tokens_;
  absl::flat_hash_map<std::string_view, int32_t> index_;
  size_t max_token_bytes_ = 0;
};

/// Reads a vocab.txt: UTF-8, one token per line, id = 0-based line number ("\n" or "\r\n" line
/// ends). Errors name the file.
absl::StatusOr<std::vector<std::string>> ReadVocabFile(const std::string& path);

/// WordPiece model settings (tokenizer.json `model`).
struct WordPieceOptions {
  std::string unk_token = "[UNK]";
  std::string continuing_subword_prefix = "##";
  /// Words longer than this many code points become a single unk token.
  int64_t max_input_chars_per_word = 100;
};

/// One piece of a word: vocabulary id and [begin, end) byte offsets within the word.
struct WordPieceToken {
  int32_t id = 0;
  int32_t begin = 0;
  int32_t end = 0;
};

/// The WordPiece model. Thread-safe (const after Create).
class WordPiece {
 public:
  /// Fails when the unk token is not in the vocabulary or max_input_chars_per_word < 0.
  static absl::StatusOr<std::unique_ptr<WordPiece>> Create(std::unique_ptr<Vocab> vocab,
                                                           WordPieceOptions options);

  /// Appends the pieces of one word (valid UTF-8, already normalized and pre-tokenized) to `out`.
  /// Greedy longest match from the left; pieces after the first carry the continuation prefix.
  /// A word longer than max_input_chars_per_word code points, or with any part no vocabulary
  /// entry matches, becomes one unk token covering the whole word. An empty word yields nothing.
  /// `scratch` is a caller-owned buffer reused across calls to avoid allocations.
  void Tokenize(std::string_view word, std::vector<WordPieceToken>* out,
                std::string* scratch) const;

  /// Convenience for tests: the token strings of `word`.
  std::vector<std::string> TokenizeToStrings(std::string_view word) const;

  const Vocab& vocab() const { return *vocab_; }
  const WordPieceOptions& options() const { return options_; }
  int32_t unk_id() const { return unk_id_; }

 private:
  WordPiece(std::unique_ptr<Vocab> vocab, WordPieceOptions options, int32_t unk_id)
      : vocab_(std::move(vocab)), options_(std::move(options)), unk_id_(unk_id) {}

  std::unique_ptr<Vocab> vocab_;
  WordPieceOptions options_;
  int32_t unk_id_;
};

}  // namespace octet
