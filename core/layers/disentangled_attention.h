#pragma once
// DeBERTa's disentangled self-attention of a padding-free batch. For each sequence, on its own
// tokens only, head by head:
//   score(i, j) = (Q_i·K_j + Q_i·Kr[c(i, j)] + K_j·Qr[c(i, j)]) / sqrt(d × scale_factor)
// where c(i, j) = RelativeTableRow(i − j) (core/layers/relative_position.h), Kr / Qr are the
// key / query projections of the relative-position table (per layer, computed once at load
// because they do not depend on the input), the c2p term (Q·Kr) and the p2c term (K·Qr) are
// each present when configured, and scale_factor = 1 + the number of terms. Then the masked
// softmax (a masked key gets probability 0; a masked query row is all zero) and P·V.
//
// The relative terms are matmuls too: per head, Q·Kr_subᵀ and K·Qr_subᵀ over only the table
// rows the sequence's distances reach (about 2n rows), [n, d] × [d, rows], then gathered into
// the scores. Every matmul runs in the compute type of SelfAttention (FP32, or BF16 for the
// int8 engine) with FP32 results. As in SelfAttention, a head's work runs on one thread with
// shapes that depend on n only, so a sequence's result depends neither on its batch mates nor
// on the number of threads.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/layers/attention.h"
#include "core/layers/length_cache.h"
#include "core/layers/relative_position.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "core/runtime/workspace.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

class DisentangledAttention {
 public:
  struct Spec {
    int64_t hidden = 0;
    int64_t heads = 0;
    AttentionType type = AttentionType::kFp32;
    bool relative = false;  ///< relative_attention: add the configured terms
    bool c2p = false;
    bool p2c = false;
    RelativePositionSpec positions;
  };

  /// `pos_key` [2·span, H]: the c2p projection of the relative table (read when relative and
  /// c2p); `pos_query` [2·span, H]: the p2c one (read when relative and p2c). Head h uses
  /// columns h·d … h·d + d − 1 of each. Both are kept per head in the compute type.
  static absl::StatusOr<std::unique_ptr<DisentangledAttention>> Create(const Spec& spec,
                                                                       const Matrix& pos_key,
                                                                       const Matrix& pos_query);

  /// qkv: [tokens, 3H] with Q, K, V in column blocks [0, H), [H, 2H), [2H, 3H). Writes
  /// context [tokens, H].
  absl::Status Forward(const Matrix& qkv, const SequenceBatch& batch, Matrix* context,
                       Workspace* ws) const;

  /// The oneDNN implementations used for sequences of n tokens (for benchmarks).
  std::string ImplementationFor(int64_t n) const;
  AttentionType type() const { return spec_.type; }
  /// Bytes of the per-head relative tables.
  size_t bytes() const { return pos_key_.size() + pos_query_.size(); }

 private:
  explicit DisentangledAttention(const Spec& spec) : spec_(spec) {}

  struct Kernels {
    dnnl::reorder gather;         // qkv rows → dense [3, heads, n, d] in the compute type
    dnnl::matmul scores;          // one head: [n, d] · [d, n] → f32 [n, n], × 1/sqrt(d·factor)
    dnnl::matmul position;        // one head: [n, d] · [d, rows] → f32 [n, rows], same scale
    dnnl::reorder probs;          // one head: f32 → bf16 probabilities (BF16 only)
    dnnl::matmul mix;             // one head: [n, n] · [n, d] → f32 [n, d]
    dnnl::reorder scatter;        // dense [heads, n, d] → the context rows
    std::vector<int32_t> rows;    // table row of distance r at [r + n − 1], minus first_row
    int64_t first_row = 0;        // the first table row the sequence reads
    int64_t num_rows = 0;         // rows read: first_row … first_row + num_rows − 1
    size_t scratchpad_bytes = 0;  // gather and scatter
    size_t head_scratchpad_bytes = 0;  // oneDNN's per-head scratch, a multiple of 64
    size_t head_bytes = 0;  // one thread's block: oneDNN scratch + the c2p / p2c products
    std::string implementation;
  };
  /// The primitives for n tokens, from kernels_ (made there when not kept).
  absl::StatusOr<std::shared_ptr<const Kernels>> KernelsFor(int64_t n) const;
  absl::StatusOr<std::unique_ptr<Kernels>> MakeKernels(int64_t n) const;
  absl::Status Sequence(const Matrix& qkv, int64_t start, int64_t n, const int32_t* mask,
                        Matrix* context, Workspace* ws) const;
  bool has_c2p() const { return spec_.relative && spec_.c2p; }
  bool has_p2c() const { return spec_.relative && spec_.p2c; }

  const Spec spec_;
  std::vector<std::byte> pos_key_;    // [heads, 2·span, d] compute type; empty without c2p
  std::vector<std::byte> pos_query_;  // [heads, 2·span, d] compute type; empty without p2c
  /// Sequence length → primitives (exact shapes), for the kAttentionLengthsKept latest lengths.
  LengthCache<Kernels> kernels_{kAttentionLengthsKept};
};

}  // namespace octet
