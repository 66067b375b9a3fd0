#pragma once
// AVX2 + FMA vector math shared by the AVX2 kernel files: exp, GELU(erf), tanh, the epilogue
// activations and horizontal reductions. Only included from files whose functions carry
// OCTET_AVX2.

#include <immintrin.h>

#include "core/kernels/epilogue.h"
#include "core/kernels/gelu_erf.h"

#define OCTET_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace octet::simd256 {

OCTET_AVX2 inline __m256 Exp(__m256 x) {
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.7f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.f)));
  // 2^n through the exponent bits; n is within [-126, 128] after the clamp above.
  const __m256i bits =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

// GELU(erf) through the rational erf of core/kernels/gelu_erf.h: no exp, one division.
OCTET_AVX2 inline __m256 GeluErf(__m256 v) {
  const __m256 x = _mm256_min_ps(_mm256_max_ps(v, _mm256_set1_ps(-gelu_erf::kClamp)),
                                 _mm256_set1_ps(gelu_erf::kClamp));
  const __m256 s = _mm256_mul_ps(x, x);
  __m256 p = _mm256_set1_ps(gelu_erf::kP[0]);
  for (int i = 1; i < 7; ++i) p = _mm256_fmadd_ps(p, s, _mm256_set1_ps(gelu_erf::kP[i]));
  __m256 q = _mm256_set1_ps(gelu_erf::kQ[0]);
  for (int i = 1; i < 5; ++i) q = _mm256_fmadd_ps(q, s, _mm256_set1_ps(gelu_erf::kQ[i]));
  const __m256 erf = _mm256_div_ps(_mm256_mul_ps(x, p), q);
  const __m256 h = _mm256_mul_ps(v, _mm256_set1_ps(0.5f));
  return _mm256_fmadd_ps(h, erf, h);
}

OCTET_AVX2 inline __m256 Tanh(__m256 x) {
  const __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.f));
  const __m256 a = _mm256_andnot_ps(_mm256_set1_ps(-0.f), x);
  const __m256 e = Exp(_mm256_add_ps(a, a));
  const __m256 y =
      _mm256_sub_ps(_mm256_set1_ps(1.f),
                    _mm256_div_ps(_mm256_set1_ps(2.f), _mm256_add_ps(e, _mm256_set1_ps(1.f))));
  return _mm256_or_ps(y, sign);
}

OCTET_AVX2 inline __m256 Activate(__m256 v, Epilogue epilogue) {
  const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.f);
  switch (epilogue) {
    case Epilogue::kNone:
      return v;
    case Epilogue::kGeluErf:
      return GeluErf(v);
    case Epilogue::kGeluTanh: {
      const __m256 v3 = _mm256_mul_ps(_mm256_mul_ps(v, v), v);
      const __m256 inner = _mm256_mul_ps(_mm256_set1_ps(0.79788456080286536f),
                                         _mm256_fmadd_ps(_mm256_set1_ps(0.044715f), v3, v));
      return _mm256_mul_ps(_mm256_mul_ps(half, v), _mm256_add_ps(one, Tanh(inner)));
    }
    case Epilogue::kRelu:
      return _mm256_max_ps(v, _mm256_setzero_ps());
    case Epilogue::kTanh:
      return Tanh(v);
  }
  return v;
}

OCTET_AVX2 inline float ReduceMin(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  float m = lanes[0];
  for (float l : lanes) m = l < m ? l : m;
  return m;
}

OCTET_AVX2 inline float ReduceMax(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  float m = lanes[0];
  for (float l : lanes) m = l > m ? l : m;
  return m;
}

}  // namespace octet::simd256
