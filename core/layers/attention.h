#pragma once
// Multi-head self-attention of a padding-free batch: for each sequence on its own tokens only,
// softmax(Q·Kᵀ / sqrt(d) + mask) · V, reading Q, K, V from the fused [tokens, 3H] projection.
//
// Per sequence of n tokens: one reorder gathers Q, K, V into dense [3, heads, n, d] blocks in the
// compute type (FP32, or BF16 for the int8 engine; or the int8 QKV epilogue has already written
// them, see PackingSink); then each head, on one thread of the team, runs two fixed-shape
// matmuls (Q·Kᵀ with the 1/sqrt(d) scale; P·V) on oneDNN's kernels with our softmax between them
// (masked, and writing BF16 probabilities directly for a BF16 P·V); a last pass puts [heads, n, d]
// back into the context rows (a reorder), or quantizes each row for an int8 output projection.
// Shapes depend on n only and a head never shares its reductions between threads, so a
// sequence's result depends neither on the rest of the batch nor on the number of threads.

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/kernels/int8_kernels.h"
#include "core/layers/length_cache.h"
#include "core/layers/quantized_rows.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "core/runtime/workspace.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

enum class AttentionType { kFp32, kBf16 };

class SelfAttention {
 public:
  SelfAttention(int64_t hidden, int64_t heads, AttentionType type)
      : hidden_(hidden), heads_(heads), type_(type) {}

  /// qkv: [tokens, 3H] with Q in columns [0, H), K in [H, 2H), V in [2H, 3H); head h uses
  /// columns h·d … h·d + d − 1 of each. Writes context [tokens, H].
  absl::Status Forward(const Matrix& qkv, const SequenceBatch& batch, Matrix* context,
                       Workspace* ws) const;
  /// Forward for an int8 output projection: instead of FP32 context rows, writes them quantized
  /// (the row quantizer of QuantizeRowsU8, core/kernels/int8_kernels.h) into
  /// QuantizedInput(tokens, H, ws): each row is gathered from the heads' outputs into L1 and
  /// quantized there. Bit-identical to Forward followed by QuantizeRowsU8.
  absl::Status ForwardQuantized(const Matrix& qkv, const SequenceBatch& batch, Workspace* ws) const;

  /// True when Q, K, V can be handed over packed (BF16 attention): see PackingSink.
  bool TakesPackedQkv() const { return type_ == AttentionType::kBf16; }
  /// For the QKV matmul's epilogue (Int8Linear::ForwardToRows): writes each token's Q, K, V
  /// rows as BF16 straight into the dense per-sequence [3, heads, n, d] blocks the attention
  /// matmuls read (in the workspace's attention_packed, a sequence's block at its first token),
  /// so that no FP32 [tokens, 3H] rows are written and no gathering pass reads them. The sink
  /// holds the batch's layout; ForwardPacked with the same batch and workspace follows.
  RowSink PackingSink(const SequenceBatch& batch, Workspace* ws) const;
  /// Forward from the blocks PackingSink wrote: the context rows go to `context`, or quantized
  /// (as ForwardQuantized) when `quantize_context`. Bit-identical to Forward / ForwardQuantized
  /// on the FP32 rows (the same BF16 rounding as the gathering reorder).
  absl::Status ForwardPacked(const SequenceBatch& batch, Matrix* context, bool quantize_context,
                             Workspace* ws) const;

  AttentionType type() const { return type_; }
  /// Sequence lengths whose primitives are kept now (at most kAttentionLengthsKept), and how
  /// many times primitives were made.
  size_t lengths_kept() const { return kernels_.size(); }
  int64_t kernels_made() const { return kernels_.misses(); }
  /// The implementations oneDNN picked for sequences of n tokens (for benchmarks).
  std::string ImplementationFor(int64_t n) const;

 private:
  struct Kernels {
    dnnl::reorder gather;              // qkv rows → dense [3, heads, n, d] in the compute type
    dnnl::matmul scores;               // one head: [n, d] · [d, n] → f32 [n, n], × 1/sqrt(d)
    dnnl::matmul mix;                  // one head: [n, n] · [n, d] → f32 [n, d]
    dnnl::reorder scatter;             // dense [heads, n, d] → the context rows
    size_t scratchpad_bytes = 0;       // gather and scatter
    size_t head_scratchpad_bytes = 0;  // one thread's per-head primitives, a multiple of 64
    std::string implementation;
  };
  /// The primitives for n tokens, from kernels_ (made there when not kept).
  absl::StatusOr<std::shared_ptr<const Kernels>> KernelsFor(int64_t n) const;
  absl::StatusOr<std::unique_ptr<Kernels>> MakeKernels(int64_t n) const;
  // Writes the context rows of one sequence to `context`, or quantized to `quantized`.
  // qkv null: the packed blocks are already in the workspace (PackingSink).
  absl::Status Sequence(const Matrix* qkv, int64_t start, int64_t n, const int32_t* mask,
                        Matrix* context, const QuantizedRows* quantized, Workspace* ws) const;

  const int64_t hidden_;
  const int64_t heads_;
  const AttentionType type_;
  /// Sequence length → primitives (exact shapes), for the kAttentionLengthsKept latest lengths.
  LengthCache<Kernels> kernels_{kAttentionLengthsKept};
};

/// True when oneDNN has a native (non-reference) BF16 batched matmul on this CPU; without one
/// the int8 engine falls back to FP32 attention.
bool Bf16AttentionAvailable();

/// In-place softmax of each of `rows` rows of length n; keys whose mask is 0 get probability 0.
void MaskedSoftmaxRows(float* data, int64_t rows, int64_t n, const int32_t* key_mask);

}  // namespace octet
