#include "core/models/encoder.h"

#include "core/base/status_macros.h"
#include "core/kernels/int8_kernels.h"
#include "core/models/relative_attention.h"
#include "core/models/tensor_names.h"

namespace octet {
namespace {

absl::Status ReadNorm(const Checkpoint& ckpt, const std::string& module, int64_t h, float eps,
                      LayerNormWeights* out) {
  OCTET_ASSIGN_OR_RETURN(out->gamma, ckpt.ReadFloat(module + ".weight", {h}));
  OCTET_ASSIGN_OR_RETURN(out->beta, ckpt.ReadFloat(module + ".bias", {h}));
  out->eps = eps;
  return absl::OkStatus();
}

}  // namespace

bool NeedsEmbeddingProjection(const ModelConfig& config) {
  return FamilyOf(config.family).embeddings.projection != nullptr &&
         config.embedding_size != config.hidden_size;
}

Epilogue EpilogueFor(Activation activation) {
  switch (activation) {
    case Activation::kGeluErf:
      return Epilogue::kGeluErf;
    case Activation::kGeluTanh:
      return Epilogue::kGeluTanh;
    case Activation::kRelu:
      return Epilogue::kRelu;
  }
  return Epilogue::kNone;
}

absl::StatusOr<std::unique_ptr<EncoderLayer>> EncoderLayer::Load(
    const Checkpoint& ckpt, const ModelConfig& config, int64_t i, const PrecisionPlan& plan,
    const Matrix& relative_table, AttentionType attention) {
  auto layer = std::make_unique<EncoderLayer>();
  const LayerTensorNames n = LayerNames(FamilyOf(config.family), i);
  const int64_t h = config.hidden_size, inter = config.intermediate_size;
  OCTET_ASSIGN_OR_RETURN(layer->qkv_, LoadLinear(ckpt, {{n.query, n.key, n.value}, h, h}, plan));
  OCTET_ASSIGN_OR_RETURN(layer->attention_out_, LoadLinear(ckpt, {{n.attention_out}, h, h}, plan));
  OCTET_ASSIGN_OR_RETURN(
      layer->ffn_in_,
      LoadLinear(ckpt, {{n.ffn_in}, inter, h, EpilogueFor(config.activation)}, plan));
  OCTET_ASSIGN_OR_RETURN(layer->ffn_out_, LoadLinear(ckpt, {{n.ffn_out}, h, inter}, plan));
  layer->qkv8_ = dynamic_cast<const Int8Linear*>(layer->qkv_.get());
  layer->attention_out8_ = dynamic_cast<const Int8Linear*>(layer->attention_out_.get());
  layer->ffn_in8_ = dynamic_cast<const Int8Linear*>(layer->ffn_in_.get());
  layer->ffn_out8_ = dynamic_cast<const Int8Linear*>(layer->ffn_out_.get());
  OCTET_RETURN_IF_ERROR(
      ReadNorm(ckpt, n.attention_norm, h, config.layer_norm_eps, &layer->attention_norm_));
  OCTET_RETURN_IF_ERROR(
      ReadNorm(ckpt, n.output_norm, h, config.layer_norm_eps, &layer->output_norm_));
  if (FamilyOf(config.family).relative_attention != nullptr) {
    OCTET_ASSIGN_OR_RETURN(layer->disentangled_,
                           LoadDisentangledAttention(ckpt, config, i, relative_table, attention));
  }
  return layer;
}

absl::Status EncoderLayer::Forward(const SequenceBatch& batch, const SelfAttention& attention,
                                   const Matrix& in, Matrix* out, Workspace* ws, LayerIo io) const {
  // The intermediates live in the workspace's buffers; `in` is read for the last time by the
  // attention LayerNorm (the residual), so `out` may be `in`.
  OpProfile* p = ws->profile;
  const int64_t rows = in.rows, h = in.cols;
  // With an int8 QKV and BF16 attention, the QKV epilogue writes attention's BF16 Q, K, V
  // blocks (no FP32 [tokens, 3H] rows, no gathering pass); with an int8 output projection,
  // attention writes its u8 input (no FP32 context rows).
  const bool packed_qkv = qkv8_ && !disentangled_ && attention.TakesPackedQkv();
  const bool quantized_context = attention_out8_ && !disentangled_;
  {
    ScopedOpTimer t(p, Op::kQkv);
    const Matrix* qkv_in = io.input_quantized && qkv8_ ? nullptr : &in;
    if (packed_qkv) {
      OCTET_RETURN_IF_ERROR(
          qkv8_->ForwardToRows(qkv_in, rows, ws, attention.PackingSink(batch, ws)));
    } else {
      OCTET_RETURN_IF_ERROR(qkv_in ? qkv_->Forward(in, &ws->qkv, ws)
                                   : qkv8_->ForwardQuantized(rows, &ws->qkv, ws));
    }
  }
  {
    ScopedOpTimer t(p, Op::kAttention);
    OCTET_RETURN_IF_ERROR(
        disentangled_       ? disentangled_->Forward(ws->qkv, batch, &ws->context, ws)
        : packed_qkv        ? attention.ForwardPacked(batch, &ws->context, quantized_context, ws)
        : quantized_context ? attention.ForwardQuantized(ws->qkv, batch, ws)
                            : attention.Forward(ws->qkv, batch, &ws->context, ws));
  }
  {
    ScopedOpTimer t(p, Op::kAttentionOut);
    OCTET_RETURN_IF_ERROR(quantized_context
                              ? attention_out8_->ForwardQuantized(rows, &ws->projected, ws)
                              : attention_out_->Forward(ws->context, &ws->projected, ws));
  }
  {
    // With an int8 FFN in, the LayerNorm writes its u8 input in the same pass.
    ScopedOpTimer t(p, Op::kLayerNorm);
    if (ffn_in8_) {
      const QuantizedRows q = QuantizedInput(rows, h, ws);
      LayerNormQuantize(ws->projected, &in, attention_norm_, &ws->attn_norm, q.data, h, q.scale,
                        q.zero_point, ActivationQuantMax());
    } else {
      LayerNorm(ws->projected, &in, attention_norm_, &ws->attn_norm);
    }
  }
  if (ffn_in8_ && ffn_out8_) {
    // FFN in's epilogue (bias + activation) quantizes FFN out's input directly: the [rows, I]
    // FP32 activations are never written.
    {
      ScopedOpTimer t(p, Op::kFfnIn);
      OCTET_RETURN_IF_ERROR(ffn_in8_->ForwardToQuantized(nullptr, rows, ws));
    }
    ScopedOpTimer t(p, Op::kFfnOut);
    OCTET_RETURN_IF_ERROR(ffn_out8_->ForwardQuantized(rows, &ws->projected, ws));
  } else {
    {
      ScopedOpTimer t(p, Op::kFfnIn);
      OCTET_RETURN_IF_ERROR(ffn_in8_ ? ffn_in8_->ForwardQuantized(rows, &ws->ffn, ws)
                                     : ffn_in_->Forward(ws->attn_norm, &ws->ffn, ws));
    }
    ScopedOpTimer t(p, Op::kFfnOut);
    OCTET_RETURN_IF_ERROR(ffn_out_->Forward(ws->ffn, &ws->projected, ws));
  }
  ScopedOpTimer t(p, Op::kLayerNorm);
  if (io.quantize_output) {
    const QuantizedRows q = QuantizedInput(rows, h, ws);
    LayerNormQuantize(ws->projected, &ws->attn_norm, output_norm_, out, q.data, h, q.scale,
                      q.zero_point, ActivationQuantMax());
  } else {
    LayerNorm(ws->projected, &ws->attn_norm, output_norm_, out);
  }
  return absl::OkStatus();
}

std::vector<const Linear*> EncoderLayer::linears() const {
  return {qkv_.get(), attention_out_.get(), ffn_in_.get(), ffn_out_.get()};
}

size_t EncoderLayer::weight_bytes() const {
  size_t total = (attention_norm_.gamma.size() + output_norm_.gamma.size()) * 2 * sizeof(float) +
                 (disentangled_ ? disentangled_->bytes() : 0);
  for (const Linear* l : linears()) total += l->weight_bytes();
  return total;
}

absl::StatusOr<std::unique_ptr<Encoder>> Encoder::Load(
    const Checkpoint& ckpt, const ModelConfig& config, const PrecisionPlan& plan,
    const std::function<void(int64_t, int64_t)>& progress) {
  auto encoder = std::make_unique<Encoder>();
  const EmbeddingNames& names = FamilyOf(config.family).embeddings;
  OCTET_ASSIGN_OR_RETURN(encoder->embeddings_,
                         Embeddings::Load(ckpt, config, names, plan.base == Precision::kInt8));
  if (NeedsEmbeddingProjection(config)) {
    // A linear layer like the others: int8 unless the plan keeps it in FP32.
    OCTET_ASSIGN_OR_RETURN(
        encoder->projection_,
        LoadLinear(ckpt, {{names.projection}, config.hidden_size, config.embedding_size}, plan));
  }
  // BF16 attention matmuls go with the int8 engine (see docs: measured accuracy and speed);
  // FP32 models keep FP32 attention, the exact baseline.
  const AttentionType attention =
      plan.For("attention") == Precision::kInt8 && Bf16AttentionAvailable() ? AttentionType::kBf16
                                                                            : AttentionType::kFp32;
  // DeBERTa: the relative-position table, read (and normalised) once for every layer.
  OCTET_ASSIGN_OR_RETURN(Matrix relative_table, LoadRelativeTable(ckpt, config));
  for (int64_t i = 0; i < config.num_layers; ++i) {
    OCTET_ASSIGN_OR_RETURN(auto layer,
                           EncoderLayer::Load(ckpt, config, i, plan, relative_table, attention));
    encoder->layers_.push_back(std::move(layer));
    if (progress) progress(i + 1, config.num_layers);
  }
  encoder->attention_ =
      std::make_unique<SelfAttention>(config.hidden_size, config.num_heads, attention);
  return encoder;
}

absl::Status Encoder::Forward(const SequenceBatch& batch, Matrix* out, Workspace* ws) const {
  {
    ScopedOpTimer t(ws->profile, Op::kEmbeddings);
    // With a projection the embeddings go through the FFN buffer, free until the first layer.
    embeddings_->Forward(batch, projection_ ? &ws->ffn : out);
    if (projection_) OCTET_RETURN_IF_ERROR(projection_->Forward(ws->ffn, out, ws));
  }
  // Each layer runs in place on `out`; a layer whose successor's QKV matmul is int8 hands it
  // its output quantized as well.
  bool quantized = false;
  for (size_t i = 0; i < layers_.size(); ++i) {
    LayerIo io;
    io.input_quantized = quantized;
    io.quantize_output = i + 1 < layers_.size() && layers_[i + 1]->TakesQuantizedInput();
    OCTET_RETURN_IF_ERROR(layers_[i]->Forward(batch, *attention_, *out, out, ws, io));
    quantized = io.quantize_output;
  }
  return absl::OkStatus();
}

std::vector<const Linear*> Encoder::linears() const {
  std::vector<const Linear*> all;
  if (projection_) all.push_back(projection_.get());
  for (const auto& layer : layers_) {
    for (const Linear* l : layer->linears()) all.push_back(l);
  }
  return all;
}

size_t Encoder::weight_bytes() const {
  size_t total = embeddings_->bytes() + (projection_ ? projection_->weight_bytes() : 0);
  for (const auto& layer : layers_) total += layer->weight_bytes();
  return total;
}

}  // namespace octet
