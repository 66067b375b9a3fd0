#include "core/layers/layer_norm.h"

#include "core/kernels/int8_kernels.h"
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

void LayerNormQuantize(const Matrix& x, const Matrix* residual, const LayerNormWeights& w,
                       Matrix* out, uint8_t* q, int64_t ld_q, float* scale, int32_t* zero_point,
                       int32_t qmax) {
  const int64_t rows = x.rows;
  const int64_t cols = x.cols;
  out->Resize(rows, cols);
  const RowKernelTable& k = RowKernels();
  const Int8KernelTable& quantizer = Int8Kernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    k.layer_norm(x.row(r), residual ? residual->row(r) : nullptr, w.gamma.data(), w.beta.data(),
                 w.eps, cols, out->row(r));
    quantizer.quantize_row(out->row(r), cols, q + r * ld_q, scale + r, zero_point + r, qmax);
  }
}

}  // namespace octet
