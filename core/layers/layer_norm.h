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

}  // namespace octet
