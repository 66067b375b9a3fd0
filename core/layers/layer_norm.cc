#include "core/layers/layer_norm.h"

#include "core/kernels/row_kernels.h"

namespace octet {

void LayerNorm(const Matrix& x, const Matrix* residual, const LayerNormWeights& w, Matrix* out) {
  const int64_t rows = x.rows;
  const int64_t cols = x.cols;
  out->Resize(rows, cols);
  const RowKernelTable& k = RowKernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    k.layer_norm(x.row(r), residual ? residual->row(r) : nullptr, w.gamma.data(), w.beta.data(),
                 w.eps, cols, out->row(r));
  }
}

}  // namespace octet
