#pragma once
// Multi-head self-attention of a padding-free batch: for each sequence on its own tokens only,
// softmax(Q·Kᵀ / sqrt(d) + mask) · V, reading Q, K, V from the fused [tokens, 3H] projection.

#include <cstdint>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/sequence_batch.h"
#include "core/tensor.h"
#include "core/workspace.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

class SelfAttention {
 public:
  SelfAttention(int64_t hidden, int64_t heads) : hidden_(hidden), heads_(heads) {}

  /// qkv: [tokens, 3H] with Q in columns [0, H), K in [H, 2H), V in [2H, 3H); head h uses
  /// columns h·d … h·d + d − 1 of each. Writes context [tokens, H].
  absl::Status Forward(const Matrix& qkv, const SequenceBatch& batch, Matrix* context,
                       Workspace* ws) const;

 private:
  struct Kernels {
    dnnl::matmul scores;  // [heads, n, d] x [heads, d, n] -> [heads, n, n], scaled by 1/sqrt(d)
    dnnl::matmul mix;     // [heads, n, n] x [heads, n, d] -> [heads, n, d] into the context rows
    size_t scratchpad_bytes = 0;
  };
  absl::StatusOr<const Kernels*> KernelsFor(int64_t n) const;
  absl::Status Sequence(const Matrix& qkv, int64_t start, int64_t n, const int32_t* mask,
                        Matrix* context, Workspace* ws) const;

  const int64_t hidden_;
  const int64_t heads_;
  mutable absl::Mutex mu_;
  /// Sequence length → primitives (exact shapes); entries are never removed.
  mutable absl::flat_hash_map<int64_t, std::unique_ptr<Kernels>> kernels_ ABSL_GUARDED_BY(mu_);
};

/// In-place softmax of each of `rows` rows of length n; keys whose mask is 0 get probability 0.
void MaskedSoftmaxRows(float* data, int64_t rows, int64_t n, const int32_t* key_mask);

}  // namespace octet
