// Portable scalar versions of the int8 kernels (and the reference for the vector ones).

#include <algorithm>
#include <cmath>

#include "core/kernels/gelu_erf.h"
#include "core/kernels/int8_kernels.h"

namespace octet {
namespace {

inline int32_t RoundToInt(float v) {
  // Clamp before converting: NaN/inf inputs must not reach an undefined cast.
  if (!(v > -1e9f)) return -1000000000;
  if (v > 1e9f) return 1000000000;
  return static_cast<int32_t>(std::nearbyint(v));
}

void QuantizeRow(const float* x, int64_t cols, uint8_t* q, float* scale, int32_t* zp,
                 int32_t qmax) {
  float min_v = 0.f, max_v = 0.f;
  for (int64_t c = 0; c < cols; ++c) {
    min_v = std::min(min_v, x[c]);
    max_v = std::max(max_v, x[c]);
  }
  float inv;
  QuantParams(min_v, max_v, qmax, scale, zp, &inv);
  for (int64_t c = 0; c < cols; ++c) {
    q[c] = static_cast<uint8_t>(std::clamp(RoundToInt(x[c] * inv) + *zp, 0, qmax));
  }
}

// The same rational GELU(erf) as the vector kernels.
inline float GeluErf(float v) {
  const float x = std::min(std::max(v, -gelu_erf::kClamp), gelu_erf::kClamp);
  const float s = x * x;
  // Plain multiply-adds: without FMA hardware std::fmaf is a slow library call.
  float p = gelu_erf::kP[0];
  for (int i = 1; i < 7; ++i) p = p * s + gelu_erf::kP[i];
  float q = gelu_erf::kQ[0];
  for (int i = 1; i < 5; ++i) q = q * s + gelu_erf::kQ[i];
  const float erf = x * p / q;
  const float h = v * 0.5f;
  return h * erf + h;
}

inline float Activate(float v, Epilogue epilogue) {
  switch (epilogue) {
    case Epilogue::kNone:
      return v;
    case Epilogue::kGeluErf:
      return GeluErf(v);
    case Epilogue::kGeluTanh:
      return 0.5f * v * (1.f + std::tanh(0.79788456080286536f * (v + 0.044715f * v * v * v)));
    case Epilogue::kRelu:
      return v > 0.f ? v : 0.f;
    case Epilogue::kTanh:
      return std::tanh(v);
  }
  return v;
}

void EpilogueRow(const int32_t* acc, int64_t cols, float row_scale, int32_t row_zp,
                 const float* col_scale, const int32_t* col_sum, const float* bias,
                 Epilogue epilogue, float* y) {
  for (int64_t n = 0; n < cols; ++n) {
    // One fused multiply-add, as the vector kernels do.
    const float v = std::fmaf(static_cast<float>(acc[n] - row_zp * col_sum[n]),
                              row_scale * col_scale[n], bias[n]);
    y[n] = Activate(v, epilogue);
  }
}

const Int8KernelTable kGeneric = {&QuantizeRow, &EpilogueRow};

}  // namespace

const Int8KernelTable* GenericInt8Kernels() { return &kGeneric; }

}  // namespace octet
