// AVX-512 row kernels: 16 floats per step, masked tails.

#include <cmath>

#include "core/kernels/row_kernels.h"
#include "core/kernels/simd_avx512.h"

namespace octet {
namespace {

OCTET_AVX512 inline __mmask16 TailMask(int64_t left) {
  return left >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
}

// Lanes whose key is masked out (or past the end) are 0 in the returned mask.
OCTET_AVX512 inline __mmask16 KeyMask(const int32_t* key_mask, int64_t j, __mmask16 m) {
  if (!key_mask) return m;
  const __m512i k = _mm512_maskz_loadu_epi32(m, key_mask + j);
  return _mm512_mask_cmpneq_epi32_mask(m, k, _mm512_setzero_si512());
}

// Softmax up to the division by the sum: x holds the exponentials; returns 1 / sum (0 if none).
OCTET_AVX512 float SoftmaxExp(float* x, int64_t n, const int32_t* key_mask) {
  __m512 vmax = _mm512_set1_ps(-INFINITY);
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 m = KeyMask(key_mask, j, TailMask(n - j));
    vmax = _mm512_mask_max_ps(vmax, m, vmax, _mm512_maskz_loadu_ps(m, x + j));
  }
  const __m512 max_v = _mm512_set1_ps(_mm512_reduce_max_ps(vmax));
  __m512 vsum = _mm512_setzero_ps();
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 tail = TailMask(n - j);
    const __mmask16 m = KeyMask(key_mask, j, tail);
    const __m512 e = _mm512_maskz_mov_ps(
        m, simd512::Exp(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, x + j), max_v)));
    vsum = _mm512_add_ps(vsum, e);
    _mm512_mask_storeu_ps(x + j, tail, e);
  }
  const float sum = _mm512_reduce_add_ps(vsum);
  return sum > 0.f ? 1.f / sum : 0.f;
}

OCTET_AVX512 void Softmax(float* x, int64_t n, const int32_t* key_mask) {
  const __m512 inv = _mm512_set1_ps(SoftmaxExp(x, n, key_mask));
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 tail = TailMask(n - j);
    _mm512_mask_storeu_ps(x + j, tail, _mm512_mul_ps(_mm512_maskz_loadu_ps(tail, x + j), inv));
  }
}

// float → bfloat16 by round to nearest even (finite inputs), without AVX512-BF16.
OCTET_AVX512 inline __m256i ToBf16(__m512 v) {
  const __m512i bits = _mm512_castps_si512(v);
  const __m512i odd = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
  const __m512i rounded = _mm512_srli_epi32(
      _mm512_add_epi32(_mm512_add_epi32(bits, _mm512_set1_epi32(0x7FFF)), odd), 16);
  return _mm512_cvtepi32_epi16(rounded);
}

OCTET_AVX512 void SoftmaxBf16(float* x, int64_t n, const int32_t* key_mask, uint16_t* out) {
  const __m512 inv = _mm512_set1_ps(SoftmaxExp(x, n, key_mask));
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 tail = TailMask(n - j);
    _mm256_mask_storeu_epi16(out + j, tail,
                             ToBf16(_mm512_mul_ps(_mm512_maskz_loadu_ps(tail, x + j), inv)));
  }
}

OCTET_AVX512 void ToBf16Row(const float* x, int64_t n, uint16_t* out) {
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 tail = TailMask(n - j);
    _mm256_mask_storeu_epi16(out + j, tail, ToBf16(_mm512_maskz_loadu_ps(tail, x + j)));
  }
}

OCTET_AVX512 void LayerNorm(const float* a, const float* b, const float* gamma, const float* beta,
                            float eps, int64_t n, float* out) {
  __m512 vsum = _mm512_setzero_ps();
  for (int64_t c = 0; c < n; c += 16) {
    const __mmask16 m = TailMask(n - c);
    __m512 v = _mm512_maskz_loadu_ps(m, a + c);
    if (b) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, b + c));
    _mm512_mask_storeu_ps(out + c, m, v);
    vsum = _mm512_add_ps(vsum, v);
  }
  const float mean = _mm512_reduce_add_ps(vsum) / static_cast<float>(n);
  const __m512 vmean = _mm512_set1_ps(mean);
  __m512 vvar = _mm512_setzero_ps();
  for (int64_t c = 0; c < n; c += 16) {
    const __mmask16 m = TailMask(n - c);
    const __m512 d = _mm512_maskz_sub_ps(m, _mm512_maskz_loadu_ps(m, out + c), vmean);
    vvar = _mm512_fmadd_ps(d, d, vvar);
  }
  const float var = _mm512_reduce_add_ps(vvar) / static_cast<float>(n);
  const __m512 inv = _mm512_set1_ps(1.f / std::sqrt(var + eps));
  for (int64_t c = 0; c < n; c += 16) {
    const __mmask16 m = TailMask(n - c);
    const __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, out + c), vmean), inv);
    const __m512 y =
        _mm512_fmadd_ps(d, _mm512_maskz_loadu_ps(m, gamma + c), _mm512_maskz_loadu_ps(m, beta + c));
    _mm512_mask_storeu_ps(out + c, m, y);
  }
}

OCTET_AVX512 void HalfRowToFloat(const uint16_t* h, int64_t n, float* out) {
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 m = TailMask(n - i);
    const __m256i v = _mm256_maskz_loadu_epi16(m, h + i);
    _mm512_mask_storeu_ps(out + i, m, _mm512_cvtph_ps(v));
  }
}

const RowKernelTable kAvx512 = {&Softmax, &SoftmaxBf16, &LayerNorm, &ToBf16Row, &HalfRowToFloat};

}  // namespace

const RowKernelTable* Avx512RowKernels() { return &kAvx512; }

}  // namespace octet
