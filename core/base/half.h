#pragma once
// The two 16-bit float formats found in checkpoints (F16, BF16): exact widening to float, and
// round-to-nearest-even narrowing of float to F16 (for tables kept in half precision).

#include <cstdint>
#include <cstring>

namespace octet {

/// Converts an IEEE 754 binary16 value (safetensors "F16") to float. Exact for every input:
/// zeros keep their sign, subnormals become normal floats, ±inf stay infinite, and NaNs stay NaN
/// (sign and payload preserved in the top mantissa bits).
inline float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1Fu;
  uint32_t mantissa = h & 0x3FFu;
  uint32_t bits = 0;
  if (exponent == 0x1Fu) {
    bits = sign | 0x7F800000u | (mantissa << 13);  // inf or NaN
  } else if (exponent != 0) {
    // Rebias the exponent from 15 to 127.
    bits = sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;  // ±0
  } else {
    // Subnormal: mantissa × 2^-24. Shift until the implicit bit (bit 10) is set; every
    // binary16 subnormal is a normal binary32 number.
    uint32_t shift = 0;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      ++shift;
    }
    bits = sign | ((127 - 14 - shift) << 23) | ((mantissa & 0x3FFu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

/// Converts a bfloat16 value (safetensors "BF16", the top half of a binary32) to float. Exact.
inline float Bf16ToFloat(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

/// Converts a float to IEEE 754 binary16, rounding to nearest even; overflow gives ±inf,
/// NaN stays NaN.
inline uint16_t FloatToHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof(x));
  const auto sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t exponent = (x >> 23) & 0xFFu;
  uint32_t mantissa = x & 0x7FFFFFu;
  if (exponent == 0xFFu) return sign | 0x7C00u | (mantissa ? 0x200u : 0u);
  const int e = static_cast<int>(exponent) - 127 + 15;
  if (e >= 31) return sign | 0x7C00u;
  if (e <= 0) {
    if (e < -10) return sign;  // below half the smallest subnormal
    mantissa |= 0x800000u;
    const int shift = 14 - e;
    uint32_t h = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1u), halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (h & 1u))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = (static_cast<uint32_t>(e) << 10) | (mantissa >> 13);
  const uint32_t rest = mantissa & 0x1FFFu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // a carry rounds up the exponent
  return static_cast<uint16_t>(sign | h);
}

}  // namespace octet
