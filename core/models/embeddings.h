#pragma once
// The embedding block: word + position (+ token type) lookups, then LayerNorm. The tensor names,
// whether there are token types and how positions are numbered come from the family.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/io/checkpoint.h"
#include "core/layers/layer_norm.h"
#include "core/models/family.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"

namespace octet {

class Embeddings {
 public:
  /// `half_words`: keep the word table in IEEE half precision (halves the largest table;
  /// the int8 engine uses it, whose quantization error dwarfs the 2^-11 relative rounding).
  /// Reads the tables `names` gives; the position table is computed instead when
  /// config.sinusoidal_pos_embds.
  static absl::StatusOr<std::unique_ptr<Embeddings>> Load(const Checkpoint& ckpt,
                                                          const ModelConfig& config,
                                                          const EmbeddingNames& names,
                                                          bool half_words);

  /// out[t] = LN(word[ids[t]] + type[type_ids[t]] + position[p]), p from the family's
  /// PositionIds (Positions()); no type term without token types, no position term without a
  /// position table; zero where the attention mask is 0 if the family says so (DeBERTa). Ids must
  /// already be validated (Model::ValidateBatch). `out` is resized to [tokens, E] (E =
  /// embedding_size). Any projection to hidden_size is the encoder's.
  void Forward(const SequenceBatch& batch, Matrix* out) const;

  /// The position-table rows of the tokens of sequence `s` of `batch`, in order: 0..n−1
  /// (kArange), or numbered from the ids (kPaddingOffset, RoBERTa). The largest row is at most
  /// position_offset + n − 1, which Model::ValidateBatch keeps inside the table.
  void Positions(const SequenceBatch& batch, int64_t s, std::vector<int64_t>* rows) const;

  size_t bytes() const;

 private:
  bool zero_masked_ = false;  // DeBERTa: rows of masked tokens are zeroed after the LayerNorm
  int64_t hidden_ = 0;        // the tables' width, config.embedding_size
  PositionIds position_ids_ = PositionIds::kArange;
  int64_t pad_id_ = 0;               // config.pad_token_id, RoBERTa's padding_idx
  Matrix word_;                      // [vocab, H], unless half_words
  std::vector<uint16_t> word_half_;  // [vocab, H] binary16, when half_words
  Matrix position_;                  // [max_positions, H]
  Matrix type_;                      // [type_vocab, H]; empty without token types
  LayerNormWeights norm_;
};

/// Whether the model reads token types: the family has a table and type_vocab_size > 0
/// (DeBERTa-v3 has none; its tokenizer's type ids are ignored).
bool HasTokenTypes(const ModelConfig& config);

/// Whether the model reads a learned position table (not DistilBERT's sinusoidal one, not
/// DeBERTa with position_biased_input false).
bool HasPositionTable(const ModelConfig& config);

/// DistilBERT's fixed table: sin on even columns, cos on odd, pos / 10000^(2·(j/2)/dim).
Matrix SinusoidalPositions(int64_t positions, int64_t dim);

}  // namespace octet
