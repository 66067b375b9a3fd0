#pragma once
// WordPiece (greedy longest-match-first, `##` continuation), as in Hugging Face
// `tokenizers/src/models/wordpiece/mod.rs`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/models/model.h"
#include "core/tokenizer/models/vocab.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// WordPiece model settings (tokenizer.json `model`).
struct WordPieceOptions {
  std::string unk_token = "[UNK]";
  std::string continuing_subword_prefix = "##";
  /// Words longer than this many code points become a single unk token.
  int64_t max_input_chars_per_word = 100;
};

/// The WordPiece model. Thread-safe (const after Create).
class WordPiece : public TokenizerModel {
 public:
  /// Fails when the unk token is not in the vocabulary or max_input_chars_per_word < 0.
  static absl::StatusOr<std::unique_ptr<WordPiece>> Create(std::unique_ptr<Vocab> vocab,
                                                           WordPieceOptions options);
  /// Reads tokenizer.json's `model` object of a WordPiece model ("type" already checked). Errors
  /// name `path` and the field.
  static absl::StatusOr<std::unique_ptr<TokenizerModel>> FromJson(const nlohmann::json& model,
                                                                  const std::string& path);

  /// Greedy longest match from the left; pieces after the first carry the continuation prefix.
  /// A word longer than max_input_chars_per_word code points, or with any part no vocabulary
  /// entry matches, becomes one unk token covering the whole word.
  void Tokenize(std::string_view word, std::vector<ModelToken>* out) const override;

  std::optional<int32_t> TokenToId(std::string_view token) const override {
    return vocab_->Find(token);
  }
  const std::string& IdToToken(int32_t id) const override { return vocab_->Token(id); }
  int64_t vocab_size() const override { return vocab_->size(); }
  int32_t unk_id() const override { return unk_id_; }

  /// Convenience for tests: the token strings of `word`.
  std::vector<std::string> TokenizeToStrings(std::string_view word) const;

  const Vocab& vocab() const { return *vocab_; }
  const WordPieceOptions& options() const { return options_; }

 private:
  WordPiece(std::unique_ptr<Vocab> vocab, WordPieceOptions options, int32_t unk_id)
      : vocab_(std::move(vocab)), options_(std::move(options)), unk_id_(unk_id) {}

  std::unique_ptr<Vocab> vocab_;
  WordPieceOptions options_;
  int32_t unk_id_;
};

}  // namespace octet
