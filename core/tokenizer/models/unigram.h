#pragma once
// The Unigram tokenizer model (tokenizers' `Unigram`, SentencePiece's unigram language model):
// a word is cut into the vocabulary pieces whose scores (log probabilities) sum highest, found
// by Viterbi over the word's bytes as the crate's `encode_optimized` does. A character no piece
// covers is an unknown edge scored min_score - 10; consecutive unknown characters fuse into one
// unk token whose string is the text itself. With `byte_fallback`, an unknown run becomes the
// `<0xNN>` pieces of its bytes (each covering the whole run) when all of them exist.

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

class Unigram : public TokenizerModel {
 public:
  /// `pieces`: (piece, score), id = index. `unk_id` must be an id of `pieces`. A duplicated
  /// piece maps to its last id, as in the crate. Errors say expected vs got.
  static absl::StatusOr<std::unique_ptr<Unigram>> Create(
      std::vector<std::pair<std::string, double>> pieces, int32_t unk_id, bool byte_fallback);
  /// Reads tokenizer.json's `model` object of a Unigram model: "vocab" ([[piece, score], ...]),
  /// "unk_id", "byte_fallback". Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<TokenizerModel>> FromJson(const nlohmann::json& model,
                                                                  const std::string& path);
  /// The same with the vocabulary already read (the fast path of a large file): "unk_id" and
  /// "byte_fallback" come from `model`, the pieces from `pieces`.
  static absl::StatusOr<std::unique_ptr<TokenizerModel>> FromJsonPieces(
      const nlohmann::json& model, std::vector<std::pair<std::string, double>> pieces,
      const std::string& path);

  void Tokenize(std::string_view word, std::vector<ModelToken>* out) const override;

  std::optional<int32_t> TokenToId(std::string_view token) const override {
    return vocab_->Find(token);
  }
  const std::string& IdToToken(int32_t id) const override { return vocab_->Token(id); }
  int64_t vocab_size() const override { return vocab_->size(); }
  int32_t unk_id() const override { return unk_id_; }
  bool byte_fallback() const { return byte_fallback_; }
  /// The score of `id` (0 for ids out of range).
  double score(int32_t id) const;

 private:
  Unigram() = default;
  // Calls on_piece(end, id) for every piece that is a prefix of `rest`, shortest first.
  template <typename Fn>
  void ForEachPrefix(std::string_view rest, Fn&& on_piece) const;

  std::unique_ptr<Vocab> vocab_;
  std::vector<double> scores_;
  // The distinct piece strings in byte order, each with the id it maps to; the prefix search
  // narrows a range of this list one byte at a time.
  std::vector<std::pair<std::string_view, int32_t>> sorted_;
  // For each first byte, the [begin, end) range of sorted_ starting with it.
  std::vector<std::pair<uint32_t, uint32_t>> first_byte_;
  int32_t unk_id_ = 0;
  double min_score_ = 0;
  bool byte_fallback_ = false;
  std::vector<int32_t> byte_ids_;  // id of "<0xNN>" per byte, or -1
};

}  // namespace octet
