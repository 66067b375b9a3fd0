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
  /// PositionIds (kArange: t − start of its sequence); no type term without token types.
  /// Ids must already be validated (Model::ValidateBatch). `out` is resized to [tokens, H].
  void Forward(const SequenceBatch& batch, Matrix* out) const;

  size_t bytes() const;

 private:
  // The position-table row of token t of the sequence that starts at row `start`. Variants
  // that number positions by the ids (RoBERTa's padding_idx + 1 + index of non-pad tokens) read
  // them from `batch`.
  int64_t PositionOf(const SequenceBatch& batch, int64_t start, int64_t t) const;

  int64_t hidden_ = 0;
  PositionIds position_ids_ = PositionIds::kArange;
  Matrix word_;                      // [vocab, H], unless half_words
  std::vector<uint16_t> word_half_;  // [vocab, H] binary16, when half_words
  Matrix position_;                  // [max_positions, H]
  Matrix type_;                      // [type_vocab, H]; empty without token types
  LayerNormWeights norm_;
};

/// DistilBERT's fixed table: sin on even columns, cos on odd, pos / 10000^(2·(j/2)/dim).
Matrix SinusoidalPositions(int64_t positions, int64_t dim);

}  // namespace octet
