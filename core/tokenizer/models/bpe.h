#pragma once
// The BPE tokenizer model (tokenizers' `BPE`): a word starts as one symbol per character and the
// pair of neighbours with the lowest merge rank is merged until no pair has a rank (ties: the
// leftmost pair first), as the crate's `Word::merge_all` does. Unknown characters become the unk
// token (consecutive ones fused when `fuse_unk`), `<0xNN>` byte pieces with `byte_fallback`, or
// are dropped when the model has no unk token.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/tokenizer/models/model.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

struct BpeOptions {
  std::optional<std::string> unk_token;
  std::string continuing_subword_prefix;  // e.g. "##"; empty: none
  std::string end_of_word_suffix;         // e.g. "</w>"; empty: none
  bool fuse_unk = false;
  bool byte_fallback = false;
  bool ignore_merges = false;  // a word that is a vocabulary entry is taken whole
};

/// The BPE model. Thread-safe (const after Create).
class Bpe : public TokenizerModel {
 public:
  /// One token of a word: its id and the [begin, end) range of the word's code points it covers.
  struct Piece {
    int32_t id;
    int32_t begin;
    int32_t end;
  };

  /// `merges` in rank order (first = merged first). InvalidArgument names a merge whose parts or
  /// result are not in the vocabulary, and an unk token that is not in it.
  static absl::StatusOr<std::unique_ptr<Bpe>> Create(
      absl::flat_hash_map<std::string, int32_t> vocab,
      const std::vector<std::pair<std::string, std::string>>& merges, BpeOptions options);
  /// Reads tokenizer.json's `model` object of a BPE model: "vocab" (token → id, ids 0..N-1),
  /// "merges" (strings "a b" or pairs ["a", "b"]), "unk_token", "continuing_subword_prefix",
  /// "end_of_word_suffix", "fuse_unk", "byte_fallback", "ignore_merges"; a "dropout" above 0 is
  /// refused (it makes tokenization random). Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<TokenizerModel>> FromJson(const nlohmann::json& model,
                                                                  const std::string& path);

  /// Tokenizes one word (UTF-8, already valid). Appends its pieces (code point ranges) to `out`.
  void Pieces(std::string_view word, std::vector<Piece>* out) const;
  /// The same pieces with byte offsets into `word` (the TokenizerModel seam).
  void Tokenize(std::string_view word, std::vector<ModelToken>* out) const override;

  std::optional<int32_t> TokenToId(std::string_view token) const override;
  /// The token of `id`; empty when the id is not in the vocabulary.
  const std::string& IdToToken(int32_t id) const override;
  int64_t vocab_size() const override { return static_cast<int64_t>(id_to_token_.size()); }
  int32_t unk_id() const override { return unk_id_.value_or(-1); }
  const BpeOptions& options() const { return options_; }

 private:
  struct PairHash {
    size_t operator()(const std::pair<int32_t, int32_t>& p) const {
      return absl::HashOf(p.first, p.second);
    }
  };
  struct MergeResult {
    int32_t rank;
    int32_t new_id;
  };

  Bpe() = default;
  void InitialSymbols(std::string_view word, std::vector<int32_t>* ids,
                      std::vector<std::pair<int32_t, int32_t>>* spans) const;

  BpeOptions options_;
  absl::flat_hash_map<std::string, int32_t> vocab_;
  std::vector<std::string> id_to_token_;
  absl::flat_hash_map<std::pair<int32_t, int32_t>, MergeResult, PairHash> merges_;
  std::optional<int32_t> unk_id_;
};

/// One line of merges.txt or one string of tokenizer.json's merges: "a b" → {"a", "b"}.
/// InvalidArgument unless the line holds exactly one space.
absl::StatusOr<std::pair<std::string, std::string>> ParseMergeLine(std::string_view line);

}  // namespace octet
