// AVX-512 versions of the int8 kernels: 16 floats per step, masked tails.

// GCC 12's AVX-512 min/max intrinsics use a deliberately undefined pass-through register
// (`__m512 __Y = __Y;`), which -Wmaybe-uninitialized reports from inside the header.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include <immintrin.h>

#include "core/int8_kernels.h"

#define OCTET_AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma")))

namespace octet {
namespace {

OCTET_AVX512 inline __m512 Exp(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.7f));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.f)));
  return _mm512_scalef_ps(p, n);
}

// erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7).
OCTET_AVX512 inline __m512 Erf(__m512 x) {
  const __m512 sign = _mm512_and_ps(x, _mm512_set1_ps(-0.f));
  const __m512 a = _mm512_andnot_ps(_mm512_set1_ps(-0.f), x);
  const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.f),
                                 _mm512_fmadd_ps(a, _mm512_set1_ps(0.3275911f), _mm512_set1_ps(1.f)));
  __m512 p = _mm512_set1_ps(1.061405429f);
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.453152027f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.421413741f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.284496736f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.254829592f));
  p = _mm512_mul_ps(p, t);
  const __m512 e = Exp(_mm512_mul_ps(_mm512_sub_ps(_mm512_setzero_ps(), a), a));
  const __m512 y = _mm512_fnmadd_ps(p, e, _mm512_set1_ps(1.f));
  return _mm512_or_ps(y, sign);
}

// tanh(x) = sign(x) · (1 − 2 / (exp(2|x|) + 1)).
OCTET_AVX512 inline __m512 Tanh(__m512 x) {
  const __m512 sign = _mm512_and_ps(x, _mm512_set1_ps(-0.f));
  const __m512 a = _mm512_andnot_ps(_mm512_set1_ps(-0.f), x);
  const __m512 e = Exp(_mm512_add_ps(a, a));
  const __m512 y = _mm512_sub_ps(
      _mm512_set1_ps(1.f), _mm512_div_ps(_mm512_set1_ps(2.f), _mm512_add_ps(e, _mm512_set1_ps(1.f))));
  return _mm512_or_ps(y, sign);
}

OCTET_AVX512 inline __m512 Activate(__m512 v, Epilogue epilogue) {
  const __m512 half = _mm512_set1_ps(0.5f), one = _mm512_set1_ps(1.f);
  switch (epilogue) {
    case Epilogue::kNone:
      return v;
    case Epilogue::kGeluErf: {
      const __m512 e = Erf(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)));
      return _mm512_mul_ps(_mm512_mul_ps(half, v), _mm512_add_ps(one, e));
    }
    case Epilogue::kGeluTanh: {
      const __m512 v3 = _mm512_mul_ps(_mm512_mul_ps(v, v), v);
      const __m512 inner = _mm512_mul_ps(_mm512_set1_ps(0.79788456080286536f),
                                         _mm512_fmadd_ps(_mm512_set1_ps(0.044715f), v3, v));
      return _mm512_mul_ps(_mm512_mul_ps(half, v), _mm512_add_ps(one, Tanh(inner)));
    }
    case Epilogue::kRelu:
      return _mm512_max_ps(v, _mm512_setzero_ps());
    case Epilogue::kTanh:
      return Tanh(v);
  }
  return v;
}

OCTET_AVX512 void QuantizeRow(const float* x, int64_t cols, uint8_t* q, float* scale,
                              int32_t* zp) {
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
  QuantParams(_mm512_reduce_min_ps(vmin), _mm512_reduce_max_ps(vmax), scale, zp, &inv);
  const __m512 vinv = _mm512_set1_ps(inv);
  const __m512i vzp = _mm512_set1_epi32(*zp);
  const __m512i zero = _mm512_setzero_si512();
  for (c = 0; c + 16 <= cols; c += 16) {
    __m512i i = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + c), vinv));
    i = _mm512_max_epi32(_mm512_add_epi32(i, vzp), zero);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q + c), _mm512_cvtusepi32_epi8(i));
  }
  if (c < cols) {
    __m512i i = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(tail, x + c), vinv));
    i = _mm512_max_epi32(_mm512_add_epi32(i, vzp), zero);
    _mm_mask_storeu_epi8(q + c, tail, _mm512_cvtusepi32_epi8(i));
  }
}

OCTET_AVX512 void EpilogueRow(const int32_t* acc, int64_t cols, float row_scale, int32_t row_zp,
                              const float* col_scale, const int32_t* col_sum, const float* bias,
                              Epilogue epilogue, float* y) {
  const __m512 rs = _mm512_set1_ps(row_scale);
  const __m512i zp = _mm512_set1_epi32(row_zp);
  for (int64_t n = 0; n < cols; n += 16) {
    const __mmask16 m =
        cols - n >= 16 ? static_cast<__mmask16>(0xFFFF)
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
