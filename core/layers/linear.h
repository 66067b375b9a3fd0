#pragma once
// A linear layer y = act(x · Wᵀ + b) as the encoder sees it. The FP32 and int8 implementations
// pack their weights once at load; Forward is const and may run on many workers at once.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "core/kernels/epilogue.h"
#include "core/runtime/tensor.h"
#include "core/runtime/workspace.h"

namespace octet {

class Linear {
 public:
  virtual ~Linear() = default;

  /// out[r] = epilogue(in[r] · Wᵀ + b) for r < in.rows; `out` is resized to [in.rows,
  /// out_features]. in.cols must equal in_features().
  virtual absl::Status Forward(const Matrix& in, Matrix* out, Workspace* ws) const = 0;

  virtual int64_t in_features() const = 0;
  virtual int64_t out_features() const = 0;
  /// Bytes of packed weights, scales and bias held by this layer.
  virtual size_t weight_bytes() const = 0;
  /// "fp32" or "int8".
  virtual const char* precision() const = 0;
  /// The oneDNN implementation of the matmul for `rows` rows (for benchmarks and logs).
  virtual std::string ImplementationFor(int64_t rows) const = 0;
};

}  // namespace octet
