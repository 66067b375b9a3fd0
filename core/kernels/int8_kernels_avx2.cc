// AVX2 + FMA versions of the int8 kernels: 8 floats per step, scalar tails.

#include <cstring>

#include "core/kernels/int8_kernels.h"
#include "core/kernels/simd_avx2.h"

namespace octet {
namespace {

using simd256::Activate;
using simd256::ReduceMax;
using simd256::ReduceMin;

OCTET_AVX2 void QuantizeRow(const float* x, int64_t cols, uint8_t* q, float* scale, int32_t* zp,
                            int32_t qmax) {
  __m256 vmin = _mm256_setzero_ps(), vmax = _mm256_setzero_ps();
  int64_t c = 0;
  for (; c + 8 <= cols; c += 8) {
    const __m256 v = _mm256_loadu_ps(x + c);
    vmin = _mm256_min_ps(vmin, v);
    vmax = _mm256_max_ps(vmax, v);
  }
  float min_v = ReduceMin(vmin), max_v = ReduceMax(vmax);
  for (int64_t t = c; t < cols; ++t) {
    min_v = x[t] < min_v ? x[t] : min_v;
    max_v = x[t] > max_v ? x[t] : max_v;
  }
  float inv;
  QuantParams(min_v, max_v, qmax, scale, zp, &inv);
  const __m256 vinv = _mm256_set1_ps(inv);
  const __m256i vzp = _mm256_set1_epi32(*zp);
  const __m256i lo = _mm256_setzero_si256(), hi = _mm256_set1_epi32(qmax);
  for (c = 0; c + 8 <= cols; c += 8) {
    __m256i i = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + c), vinv));
    i = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(i, vzp), lo), hi);
    const __m256i w = _mm256_packus_epi16(_mm256_packus_epi32(i, i), lo);
    const uint32_t a = static_cast<uint32_t>(_mm_cvtsi128_si32(_mm256_castsi256_si128(w)));
    const uint32_t b = static_cast<uint32_t>(_mm_cvtsi128_si32(_mm256_extracti128_si256(w, 1)));
    std::memcpy(q + c, &a, 4);
    std::memcpy(q + c + 4, &b, 4);
  }
  for (; c < cols; ++c) {
    const float v = _mm_cvtss_f32(_mm_round_ss(_mm_setzero_ps(), _mm_set_ss(x[c] * inv),
                                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    int32_t i = static_cast<int32_t>(v > 1e9f ? 1e9f : (v < -1e9f ? -1e9f : v)) + *zp;
    q[c] = static_cast<uint8_t>(i < 0 ? 0 : (i > qmax ? qmax : i));
  }
}

OCTET_AVX2 void EpilogueRow(const int32_t* acc, int64_t cols, float row_scale, int32_t row_zp,
                            const float* col_scale, const int32_t* col_sum, const float* bias,
                            Epilogue epilogue, float* y) {
  const __m256 rs = _mm256_set1_ps(row_scale);
  const __m256i zp = _mm256_set1_epi32(row_zp);
  int64_t n = 0;
  for (; n + 8 <= cols; n += 8) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + n));
    const __m256i s = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(col_sum + n));
    const __m256 f = _mm256_cvtepi32_ps(_mm256_sub_epi32(a, _mm256_mullo_epi32(zp, s)));
    const __m256 scale = _mm256_mul_ps(rs, _mm256_loadu_ps(col_scale + n));
    const __m256 v = _mm256_fmadd_ps(f, scale, _mm256_loadu_ps(bias + n));
    _mm256_storeu_ps(y + n, Activate(v, epilogue));
  }
  if (n < cols) {
    // Run the tail through the same vector code on padded copies.
    alignas(32) int32_t ta[8] = {0}, ts[8] = {0};
    alignas(32) float tc[8] = {0}, tb[8] = {0}, ty[8];
    const int64_t rest = cols - n;
    std::memcpy(ta, acc + n, rest * sizeof(int32_t));
    std::memcpy(ts, col_sum + n, rest * sizeof(int32_t));
    std::memcpy(tc, col_scale + n, rest * sizeof(float));
    std::memcpy(tb, bias + n, rest * sizeof(float));
    EpilogueRow(ta, 8, row_scale, row_zp, tc, ts, tb, epilogue, ty);
    std::memcpy(y + n, ty, rest * sizeof(float));
  }
}

const Int8KernelTable kAvx2 = {&QuantizeRow, &EpilogueRow};

}  // namespace

const Int8KernelTable* Avx2Int8Kernels() { return &kAvx2; }

}  // namespace octet
