// AVX-512 versions of the int8 kernels: 16 floats per step, masked tails.

#include "core/kernels/int8_kernels.h"
#include "core/kernels/simd_avx512.h"

namespace octet {
namespace {

using simd512::Activate;

OCTET_AVX512 void QuantizeRow(const float* x, int64_t cols, uint8_t* q, float* scale, int32_t* zp,
                              int32_t qmax) {
  __m512 vmin = _mm512_setzero_ps(), vmax = _mm512_setzero_ps();
  int64_t c = 0;
  for (; c + 16 <= cols; c += 16) {
    const __m512 v = _mm512_loadu_ps(x + c);
    vmin = _mm512_min_ps(vmin, v);
    vmax = _mm512_max_ps(vmax, v);
  }
  const __mmask16 tail = static_cast<__mmask16>((1u << (cols - c)) - 1u);
  if (c < cols) {
    const __m512 v = _mm512_maskz_loadu_ps(tail, x + c);
    vmin = _mm512_min_ps(vmin, v);
    vmax = _mm512_max_ps(vmax, v);
  }
  float inv;
  QuantParams(_mm512_reduce_min_ps(vmin), _mm512_reduce_max_ps(vmax), qmax, scale, zp, &inv);
  const __m512 vinv = _mm512_set1_ps(inv);
  const __m512i vzp = _mm512_set1_epi32(*zp);
  const __m512i zero = _mm512_setzero_si512(), top = _mm512_set1_epi32(qmax);
  for (c = 0; c + 16 <= cols; c += 16) {
    __m512i i = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + c), vinv));
    i = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(i, vzp), zero), top);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q + c), _mm512_cvtusepi32_epi8(i));
  }
  if (c < cols) {
    __m512i i = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(tail, x + c), vinv));
    i = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(i, vzp), zero), top);
    _mm_mask_storeu_epi8(q + c, tail, _mm512_cvtusepi32_epi8(i));
  }
}

OCTET_AVX512 void EpilogueRow(const int32_t* acc, int64_t cols, float row_scale, int32_t row_zp,
                              const float* col_scale, const int32_t* col_sum, const float* bias,
                              Epilogue epilogue, float* y) {
  const __m512 rs = _mm512_set1_ps(row_scale);
  const __m512i zp = _mm512_set1_epi32(row_zp);
  for (int64_t n = 0; n < cols; n += 16) {
    const __mmask16 m = cols - n >= 16 ? static_cast<__mmask16>(0xFFFF)
                                       : static_cast<__mmask16>((1u << (cols - n)) - 1u);
    const __m512i a = _mm512_maskz_loadu_epi32(m, acc + n);
    const __m512i s = _mm512_maskz_loadu_epi32(m, col_sum + n);
    const __m512 f = _mm512_cvtepi32_ps(_mm512_sub_epi32(a, _mm512_mullo_epi32(zp, s)));
    const __m512 scale = _mm512_mul_ps(rs, _mm512_maskz_loadu_ps(m, col_scale + n));
    const __m512 v = _mm512_fmadd_ps(f, scale, _mm512_maskz_loadu_ps(m, bias + n));
    _mm512_mask_storeu_ps(y + n, m, Activate(v, epilogue));
  }
}

const Int8KernelTable kAvx512 = {&QuantizeRow, &EpilogueRow};

}  // namespace

const Int8KernelTable* Avx512Int8Kernels() { return &kAvx512; }

}  // namespace octet
