#pragma once
// LayerNorm over rows, optionally of the sum of two inputs (the residual add fused in).

#include <cstdint>
#include <vector>

#include "core/runtime/tensor.h"

namespace octet {

struct LayerNormWeights {
  std::vector<float> gamma;
  std::vector<float> beta;
  float eps = 1e-12f;
};

/// out[r] = LN(x[r] + residual[r]) · gamma + beta, for r < x.rows. `residual` may be null.
/// `out` may alias `residual` or `x`. Rows run in parallel on the caller's OpenMP team.
void LayerNorm(const Matrix& x, const Matrix* residual, const LayerNormWeights& w, Matrix* out);

/// LayerNorm as above that also writes the next int8 matmul's input in the same pass: each row,
/// just written to `out` and still in L1, is quantized by the row quantizer of QuantizeRowsU8
/// (core/kernels/int8_kernels.h) to q (row stride ld_q) with its scale and zero point. The FP32
/// rows (the next residual) and the u8 rows are bit-identical to LayerNorm then QuantizeRowsU8.
void LayerNormQuantize(const Matrix& x, const Matrix* residual, const LayerNormWeights& w,
                       Matrix* out, uint8_t* q, int64_t ld_q, float* scale, int32_t* zero_point,
                       int32_t qmax);

}  // namespace octet
