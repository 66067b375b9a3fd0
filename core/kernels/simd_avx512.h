#pragma once
// AVX-512 vector math shared by the AVX-512 kernel files: exp, GELU(erf), tanh and the epilogue
// activations. Only included from files whose functions carry OCTET_AVX512.

// GCC 12's AVX-512 min/max intrinsics use a deliberately undefined pass-through register
// (`__m512 __Y = __Y;`), which -W(maybe-)uninitialized reports from inside the header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include <immintrin.h>

#include "core/kernels/epilogue.h"
#include "core/kernels/gelu_erf.h"

#define OCTET_AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma,f16c")))

namespace octet::simd512 {

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

// 1/x from the 14-bit estimate and one Newton step (≈ 23 bits), cheaper than a division.
OCTET_AVX512 inline __m512 Reciprocal(__m512 x) {
  const __m512 r = _mm512_rcp14_ps(x);
  return _mm512_mul_ps(r, _mm512_fnmadd_ps(x, r, _mm512_set1_ps(2.f)));
}

// GELU(erf) through the rational erf of core/kernels/gelu_erf.h: no exp, one reciprocal.
OCTET_AVX512 inline __m512 GeluErf(__m512 v) {
  const __m512 x = _mm512_min_ps(_mm512_max_ps(v, _mm512_set1_ps(-gelu_erf::kClamp)),
                                 _mm512_set1_ps(gelu_erf::kClamp));
  const __m512 s = _mm512_mul_ps(x, x);
  __m512 p = _mm512_set1_ps(gelu_erf::kP[0]);
  for (int i = 1; i < 7; ++i) p = _mm512_fmadd_ps(p, s, _mm512_set1_ps(gelu_erf::kP[i]));
  __m512 q = _mm512_set1_ps(gelu_erf::kQ[0]);
  for (int i = 1; i < 5; ++i) q = _mm512_fmadd_ps(q, s, _mm512_set1_ps(gelu_erf::kQ[i]));
  const __m512 erf = _mm512_mul_ps(_mm512_mul_ps(x, p), Reciprocal(q));
  const __m512 h = _mm512_mul_ps(v, _mm512_set1_ps(0.5f));
  return _mm512_fmadd_ps(h, erf, h);
}

// tanh(x) = sign(x) · (1 − 2 / (exp(2|x|) + 1)).
OCTET_AVX512 inline __m512 Tanh(__m512 x) {
  const __m512 sign = _mm512_and_ps(x, _mm512_set1_ps(-0.f));
  const __m512 a = _mm512_andnot_ps(_mm512_set1_ps(-0.f), x);
  const __m512 e = Exp(_mm512_add_ps(a, a));
  const __m512 y = _mm512_sub_ps(
      _mm512_set1_ps(1.f),
      _mm512_mul_ps(_mm512_set1_ps(2.f), Reciprocal(_mm512_add_ps(e, _mm512_set1_ps(1.f)))));
  return _mm512_or_ps(y, sign);
}

OCTET_AVX512 inline __m512 Activate(__m512 v, Epilogue epilogue) {
  const __m512 half = _mm512_set1_ps(0.5f), one = _mm512_set1_ps(1.f);
  switch (epilogue) {
    case Epilogue::kNone:
      return v;
    case Epilogue::kGeluErf:
      return GeluErf(v);
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

}  // namespace octet::simd512
