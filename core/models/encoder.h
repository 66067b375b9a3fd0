#pragma once
// The transformer encoder stack, written once for every family (tensor names from the family's
// table; every family so far is post-LN), after the embeddings and their optional projection:
//   a = LN(x + Wo · attention(Wqkv · x));  y = LN(a + W2 · act(W1 · a)).
// Inputs and outputs are arguments; the workspace lends the intermediates' memory.

#include <functional>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/io/checkpoint.h"
#include "core/layers/attention.h"
#include "core/layers/disentangled_attention.h"
#include "core/layers/int8_linear.h"
#include "core/layers/layer_norm.h"
#include "core/layers/linear.h"
#include "core/layers/linear_loader.h"
#include "core/models/embeddings.h"
#include "core/models/family.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/workspace.h"

namespace octet {

/// How a layer's input and output meet its neighbours' int8 matmuls (the encoder decides).
struct LayerIo {
  /// The workspace's int8 input buffers already hold `in` quantized for this layer's QKV
  /// matmul (the previous layer's output LayerNorm wrote it): QKV skips its quantization pass.
  bool input_quantized = false;
  /// The output LayerNorm also quantizes its rows for the next layer's QKV matmul (an int8 one).
  bool quantize_output = false;
};

class EncoderLayer {
 public:
  /// Loads layer `i` under the names of config.family's table. A family with disentangled
  /// attention (DeBERTa) also gets its own attention, of type `attention`, with the position
  /// projections of `relative_table` (core/models/relative_attention.h).
  static absl::StatusOr<std::unique_ptr<EncoderLayer>> Load(
      const Checkpoint& ckpt, const ModelConfig& config, int64_t i, const PrecisionPlan& plan,
      const Matrix& relative_table = Matrix(), AttentionType attention = AttentionType::kFp32);
  /// out = layer(in), both [tokens, H] for the tokens of `batch`. `out` may be `&in` (in place)
  /// but not one of the workspace's buffers, which hold the intermediates. The layer's own
  /// disentangled attention, if it has one, replaces `attention`.
  /// Where the layer's int8 matmuls meet (LayerNorm → FFN in → FFN out), the producer writes
  /// the consumer's u8 input directly; results are bit-identical to the unfused passes.
  absl::Status Forward(const SequenceBatch& batch, const SelfAttention& attention, const Matrix& in,
                       Matrix* out, Workspace* ws, LayerIo io = {}) const;
  /// True when the QKV matmul is int8, so that it can take its input quantized (LayerIo).
  bool TakesQuantizedInput() const { return qkv8_ != nullptr; }
  /// The layer's linear layers, for reports.
  std::vector<const Linear*> linears() const;
  /// The layer's own disentangled attention (DeBERTa), or null.
  const DisentangledAttention* disentangled() const { return disentangled_.get(); }
  size_t weight_bytes() const;

 private:
  std::unique_ptr<Linear> qkv_, attention_out_, ffn_in_, ffn_out_;
  // The same layers when they are int8 (null when FP32): the fused paths need them.
  const Int8Linear* qkv8_ = nullptr;
  const Int8Linear* attention_out8_ = nullptr;
  const Int8Linear* ffn_in8_ = nullptr;
  const Int8Linear* ffn_out8_ = nullptr;
  LayerNormWeights attention_norm_, output_norm_;
  std::unique_ptr<DisentangledAttention> disentangled_;  // DeBERTa; null: `attention`
};

class Encoder {
 public:
  /// `progress` (may be empty) is called after each layer: (layers done, layers in all).
  static absl::StatusOr<std::unique_ptr<Encoder>> Load(
      const Checkpoint& ckpt, const ModelConfig& config, const PrecisionPlan& plan,
      const std::function<void(int64_t, int64_t)>& progress = {});
  /// Writes the last hidden states [tokens, H] of `batch` to `out` (not one of the workspace's
  /// intermediate buffers: qkv, context, projected, attn_norm, ffn).
  absl::Status Forward(const SequenceBatch& batch, Matrix* out, Workspace* ws) const;
  std::vector<const Linear*> linears() const;
  size_t weight_bytes() const;
  const SelfAttention& attention() const { return *attention_; }
  /// The first layer's disentangled attention (DeBERTa: every layer has one), or null.
  const DisentangledAttention* disentangled_attention() const {
    return layers_.empty() ? nullptr : layers_.front()->disentangled();
  }

 private:
  std::unique_ptr<Embeddings> embeddings_;
  std::unique_ptr<Linear> projection_;  // embedding_size → hidden_size (ELECTRA); may be null
  std::vector<std::unique_ptr<EncoderLayer>> layers_;
  std::unique_ptr<SelfAttention> attention_;
};

/// True when the family projects its embeddings (ELECTRA's embeddings_project) and
/// embedding_size differs from hidden_size, as transformers creates the layer.
bool NeedsEmbeddingProjection(const ModelConfig& config);

/// The epilogue for a config's activation.
Epilogue EpilogueFor(Activation activation);

}  // namespace octet
