#pragma once
// Per-worker scratch: the oneDNN stream, the oneDNN scratchpad and the activation buffers of
// one forward pass. A model is shared and const; everything a call mutates lives here.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/runtime/op_profile.h"
#include "core/runtime/scratch_vector.h"
#include "core/runtime/tensor.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

class Workspace {
 public:
  /// `num_threads`: the intra-op thread team size this worker runs its ops with.
  explicit Workspace(int num_threads = 1);
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  dnnl::stream& stream() { return stream_; }
  int num_threads() const { return num_threads_; }

  /// A 64-byte aligned buffer of at least `bytes`, reused across calls (oneDNN scratchpad).
  void* Scratchpad(size_t bytes);

  /// Sets this thread's OpenMP team size to num_threads(); call at the start of a forward pass.
  void BindThreads() const;

  /// Bytes held by every buffer of this workspace now (they only grow).
  size_t AllocatedBytes() const;

  /// Starts per-batch accounting: forgets what earlier batches used.
  void BeginBatch();
  /// Bytes of activations and scratch the work since BeginBatch() used: for every buffer, the
  /// most it was asked to hold (a buffer may be larger from an earlier, bigger batch).
  size_t BatchBytes() const;

  /// Frees every buffer that holds more than twice the most any batch since the previous Trim()
  /// or Release() asked of it, plus `slack_bytes`; returns the bytes freed. A freed buffer is
  /// allocated again, at the size the asking batch needs, when a batch next uses it. So one
  /// unusually large batch does not fix the workspace at its size for good.
  size_t Trim(size_t slack_bytes = kTrimSlackBytes);
  /// Frees every buffer (e.g. after warm-up ran the largest batches); returns the bytes freed.
  size_t Release();
  /// Buffers holding at most this much more than twice their use are kept by Trim().
  static constexpr size_t kTrimSlackBytes = size_t{1} << 20;

  // Activation buffers, reused between calls. Names say what the encoder keeps in them.
  Matrix hidden;         // [tokens, H] layer input / output
  Matrix qkv;            // [tokens, 3H] fused projections
  Matrix context;        // [tokens, H] attention output before the out-projection
  Matrix projected;      // [tokens, H] out-projection / FFN-out result
  Matrix attn_norm;      // [tokens, H] after the attention LayerNorm
  Matrix ffn;            // [tokens, I] FFN inner activations
  Matrix scores;         // [heads, n, n] attention probabilities of one sequence
  Matrix attention_out;  // [heads, n, d] one sequence's attention output
  ScratchVector<std::byte> attention_packed;  // Q, K, V of one sequence, dense, compute type
  ScratchVector<std::byte> attention_probs;   // [heads, n, n] probabilities in BF16
  Matrix head_in;   // [sequences, H] gathered first-token rows for the heads
  Matrix head_tmp;  // [sequences, H] pooler / pre-classifier output
  Matrix logits;    // [rows, labels] head output

  /// When set, ops add their wall time here (benchmarks only).
  OpProfile* profile = nullptr;

  // Int8 linear scratch: the quantized input, its per-row parameters, the int32 products.
  ScratchVector<uint8_t> quantized;
  ScratchVector<float> row_scale;
  ScratchVector<int32_t> row_zero_point;
  ScratchVector<int32_t> accumulator;

 private:
  int num_threads_;
  dnnl::stream stream_;
  struct FreeDeleter {
    void operator()(void* p) const;
  };
  // Frees the buffers for which `drop(index, capacity bytes)` is true; the bytes freed.
  template <typename Drop>
  size_t FreeBuffers(Drop drop);
  // Folds the current batch's use of every buffer into window_peak_, once per batch (forward
  // passes without BeginBatch in between count as one batch).
  void FoldBatchPeaks();

  std::unique_ptr<void, FreeDeleter> scratch_;
  size_t scratch_bytes_ = 0;
  size_t scratch_peak_bytes_ = 0;
  // Per buffer (matrices, scratch vectors, scratchpad, in that order): the most any batch since
  // the previous Trim() or Release() asked of it.
  static constexpr size_t kBuffers = 18;
  std::array<size_t, kBuffers> window_peak_{};
  bool batch_folded_ = false;  // the current batch's peaks are in window_peak_ already
};

}  // namespace octet
