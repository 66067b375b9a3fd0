#pragma once
// Inline definitions for core/kernels/int8_kernels.h.

#include <algorithm>
#include <cmath>

namespace octet {

inline void QuantParams(float min_v, float max_v, int32_t qmax, float* scale, int32_t* zp,
                        float* inv_scale) {
  min_v = std::min(min_v, 0.f);
  max_v = std::max(max_v, 0.f);
  const float range = max_v - min_v;
  if (!(range > 0.f) || !std::isfinite(range)) {
    *scale = 1.f;
    *zp = 0;
    *inv_scale = 1.f;
    return;
  }
  const auto levels = static_cast<float>(qmax);
  *scale = range / levels;
  *inv_scale = levels / range;
  *zp = std::clamp(static_cast<int32_t>(std::nearbyint(-min_v * *inv_scale)), 0, qmax);
}

}  // namespace octet
