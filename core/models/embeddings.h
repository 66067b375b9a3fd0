#pragma once
// The embedding block: word + position (+ token type) lookups, then LayerNorm.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/io/checkpoint.h"
#include "core/layers/layer_norm.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"

namespace octet {

class Embeddings {
 public:
  /// `half_words`: keep the word table in IEEE half precision (halves the largest table;
  /// the int8 engine uses it, whose quantization error dwarfs the 2^-11 relative rounding).
  static absl::StatusOr<std::unique_ptr<Embeddings>> Load(const Checkpoint& checkpoint,
                                                          const ModelConfig& config,
                                                          bool half_words);

  /// out[t] = LN(word[ids[t]] + position[t − start of its sequence] + type[type_ids[t]]).
  /// Ids must already be validated (ValidateBatch).
  void Forward(const SequenceBatch& batch, Matrix* out) const;

  size_t bytes() const;

 private:
  int64_t hidden_ = 0;
  Matrix word_;                      // [vocab, H], unless half_words
  std::vector<uint16_t> word_half_;  // [vocab, H] binary16, when half_words
  Matrix position_;                  // [max_positions, H]
  Matrix type_;                      // [type_vocab, H]; empty for DistilBERT
  LayerNormWeights norm_;
};

/// DistilBERT's fixed table: sin on even columns, cos on odd, pos / 10000^(2·(j/2)/dim).
Matrix SinusoidalPositions(int64_t positions, int64_t dim);

}  // namespace octet
