// AVX2 row kernels: 8 floats per step, scalar tails.

#include <cmath>

#include "core/base/half.h"
#include "core/kernels/row_kernels.h"
#include "core/kernels/simd_avx2.h"

namespace octet {
namespace {

OCTET_AVX2 inline float HorizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Softmax up to the division by the sum: x holds the exponentials; returns 1 / sum (0 if none).
OCTET_AVX2 float SoftmaxExp(float* x, int64_t n, const int32_t* key_mask) {
  float max_v = -INFINITY;
  for (int64_t j = 0; j < n; ++j) {
    if (!key_mask || key_mask[j]) max_v = x[j] > max_v ? x[j] : max_v;
  }
  const __m256 vmax = _mm256_set1_ps(max_v);
  __m256 vsum = _mm256_setzero_ps();
  int64_t j = 0;
  if (!key_mask) {
    for (; j + 8 <= n; j += 8) {
      const __m256 e = simd256::Exp(_mm256_sub_ps(_mm256_loadu_ps(x + j), vmax));
      vsum = _mm256_add_ps(vsum, e);
      _mm256_storeu_ps(x + j, e);
    }
  }
  float sum = HorizontalSum(vsum);
  for (; j < n; j += 8) {
    // Masked or tail elements through the same vector exp, one 8-wide block at a time.
    alignas(32) float block[8] = {0};
    const int64_t len = n - j < 8 ? n - j : 8;
    for (int64_t i = 0; i < len; ++i) block[i] = x[j + i] - max_v;
    _mm256_store_ps(block, simd256::Exp(_mm256_load_ps(block)));
    for (int64_t i = 0; i < len; ++i) {
      const float e = (key_mask && !key_mask[j + i]) ? 0.f : block[i];
      x[j + i] = e;
      sum += e;
    }
  }
  return sum > 0.f ? 1.f / sum : 0.f;
}

OCTET_AVX2 void Softmax(float* x, int64_t n, const int32_t* key_mask) {
  const __m256 inv = _mm256_set1_ps(SoftmaxExp(x, n, key_mask));
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) _mm256_storeu_ps(x + j, _mm256_mul_ps(_mm256_loadu_ps(x + j), inv));
  for (; j < n; ++j) x[j] *= _mm256_cvtss_f32(inv);
}

// float → bfloat16 by round to nearest even, 8 at a time (finite inputs).
OCTET_AVX2 inline __m128i ToBf16(__m256 v) {
  const __m256i bits = _mm256_castps_si256(v);
  const __m256i odd = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
  const __m256i rounded = _mm256_srli_epi32(
      _mm256_add_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(0x7FFF)), odd), 16);
  // Pack the eight 32-bit values (each < 2^16) to 16 bits, in order.
  const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(rounded, rounded), 0x08);
  return _mm256_castsi256_si128(packed);
}

OCTET_AVX2 void ToBf16Row(const float* x, int64_t n, uint16_t* out) {
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + j), ToBf16(_mm256_loadu_ps(x + j)));
  }
  if (j < n) {
    alignas(32) float rest[8] = {0};
    alignas(16) uint16_t b[8];
    for (int64_t i = j; i < n; ++i) rest[i - j] = x[i];
    _mm_store_si128(reinterpret_cast<__m128i*>(b), ToBf16(_mm256_load_ps(rest)));
    for (int64_t i = j; i < n; ++i) out[i] = b[i - j];
  }
}

OCTET_AVX2 void SoftmaxBf16(float* x, int64_t n, const int32_t* key_mask, uint16_t* out) {
  const float inv_s = SoftmaxExp(x, n, key_mask);
  const __m256 inv = _mm256_set1_ps(inv_s);
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + j),
                     ToBf16(_mm256_mul_ps(_mm256_loadu_ps(x + j), inv)));
  }
  for (; j < n; ++j) {
    alignas(32) float one[8] = {x[j] * inv_s};
    alignas(16) uint16_t b[8];
    _mm_store_si128(reinterpret_cast<__m128i*>(b), ToBf16(_mm256_load_ps(one)));
    out[j] = b[0];
  }
}

OCTET_AVX2 void LayerNorm(const float* a, const float* b, const float* gamma, const float* beta,
                          float eps, int64_t n, float* out) {
  __m256 vsum = _mm256_setzero_ps();
  int64_t c = 0;
  for (; c + 8 <= n; c += 8) {
    __m256 v = _mm256_loadu_ps(a + c);
    if (b) v = _mm256_add_ps(v, _mm256_loadu_ps(b + c));
    _mm256_storeu_ps(out + c, v);
    vsum = _mm256_add_ps(vsum, v);
  }
  float sum = HorizontalSum(vsum);
  for (; c < n; ++c) {
    out[c] = b ? a[c] + b[c] : a[c];
    sum += out[c];
  }
  const float mean = sum / static_cast<float>(n);
  const __m256 vmean = _mm256_set1_ps(mean);
  __m256 vvar = _mm256_setzero_ps();
  for (c = 0; c + 8 <= n; c += 8) {
    const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(out + c), vmean);
    vvar = _mm256_fmadd_ps(d, d, vvar);
  }
  float var = HorizontalSum(vvar);
  for (; c < n; ++c) var += (out[c] - mean) * (out[c] - mean);
  const float inv_s = 1.f / std::sqrt(var / static_cast<float>(n) + eps);
  const __m256 inv = _mm256_set1_ps(inv_s);
  for (c = 0; c + 8 <= n; c += 8) {
    const __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(out + c), vmean), inv);
    _mm256_storeu_ps(out + c,
                     _mm256_fmadd_ps(d, _mm256_loadu_ps(gamma + c), _mm256_loadu_ps(beta + c)));
  }
  for (; c < n; ++c) out[c] = (out[c] - mean) * inv_s * gamma[c] + beta[c];
}

OCTET_AVX2 void HalfRowToFloat(const uint16_t* h, int64_t n, float* out) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i));
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(v));
  }
  for (; i < n; ++i) out[i] = HalfToFloat(h[i]);
}

const RowKernelTable kAvx2 = {&Softmax, &SoftmaxBf16, &LayerNorm, &ToBf16Row, &HalfRowToFloat};

}  // namespace

const RowKernelTable* Avx2RowKernels() { return &kAvx2; }

}  // namespace octet
