#include "core/layer_norm.h"

#include <cmath>

namespace octet {

void LayerNorm(const Matrix& x, const Matrix* residual, const LayerNormWeights& w, Matrix* out) {
  const int64_t rows = x.rows;
  const int64_t cols = x.cols;
  out->Resize(rows, cols);
  const float* gamma = w.gamma.data();
  const float* beta = w.beta.data();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = x.row(r);
    const float* b = residual ? residual->row(r) : nullptr;
    float* o = out->row(r);
    // Two passes in double: the mean first, then the centred variance, as PyTorch's result is
    // closest to the exact value and this is the cheapest way to be as exact.
    double sum = 0;
    for (int64_t c = 0; c < cols; ++c) {
      const float v = b ? a[c] + b[c] : a[c];
      o[c] = v;
      sum += v;
    }
    const double mean = sum / static_cast<double>(cols);
    double var = 0;
    for (int64_t c = 0; c < cols; ++c) {
      const double d = o[c] - mean;
      var += d * d;
    }
    var /= static_cast<double>(cols);
    const float inv = static_cast<float>(1.0 / std::sqrt(var + static_cast<double>(w.eps)));
    const float m = static_cast<float>(mean);
    for (int64_t c = 0; c < cols; ++c) o[c] = (o[c] - m) * inv * gamma[c] + beta[c];
  }
}

}  // namespace octet
