// Portable scalar row kernels.

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/base/half.h"
#include "core/kernels/row_kernels.h"

namespace octet {
namespace {

void Softmax(float* x, int64_t n, const int32_t* key_mask) {
  float max_v = -INFINITY;
  for (int64_t j = 0; j < n; ++j) {
    if (!key_mask || key_mask[j]) max_v = std::max(max_v, x[j]);
  }
  float sum = 0.f;
  for (int64_t j = 0; j < n; ++j) {
    const float e = (key_mask && !key_mask[j]) ? 0.f : std::exp(x[j] - max_v);
    x[j] = e;
    sum += e;
  }
  const float inv = sum > 0.f ? 1.f / sum : 0.f;
  for (int64_t j = 0; j < n; ++j) x[j] *= inv;
}

// float → bfloat16, round to nearest even (finite inputs).
inline uint16_t FloatToBf16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

void ToBf16(const float* x, int64_t n, uint16_t* out) {
  for (int64_t j = 0; j < n; ++j) out[j] = FloatToBf16(x[j]);
}

void SoftmaxBf16(float* x, int64_t n, const int32_t* key_mask, uint16_t* out) {
  Softmax(x, n, key_mask);
  ToBf16(x, n, out);
}

void LayerNorm(const float* a, const float* b, const float* gamma, const float* beta, float eps,
               int64_t n, float* out) {
  float sum = 0.f;
  for (int64_t c = 0; c < n; ++c) {
    const float v = b ? a[c] + b[c] : a[c];
    out[c] = v;
    sum += v;
  }
  const float mean = sum / static_cast<float>(n);
  float var = 0.f;
  for (int64_t c = 0; c < n; ++c) {
    const float d = out[c] - mean;
    var += d * d;
  }
  const float inv = 1.f / std::sqrt(var / static_cast<float>(n) + eps);
  for (int64_t c = 0; c < n; ++c) out[c] = (out[c] - mean) * inv * gamma[c] + beta[c];
}

void HalfRowToFloat(const uint16_t* h, int64_t n, float* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = HalfToFloat(h[i]);
}

const RowKernelTable kGeneric = {&Softmax, &SoftmaxBf16, &LayerNorm, &ToBf16, &HalfRowToFloat};

}  // namespace

const RowKernelTable* GenericRowKernels() { return &kGeneric; }

}  // namespace octet
