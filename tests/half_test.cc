// F16 narrowing (used for the int8 engine's word-embedding table) and its vector widening.

#include "core/base/half.h"

#include <cpuid.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/kernels/row_kernels.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

TEST(FloatToHalf, RoundTripsEveryHalfValue) {
  for (uint32_t h = 0; h < 0x10000u; ++h) {
    const float f = HalfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(FloatToHalf(f), h) << std::hex << h;
  }
}

TEST(FloatToHalf, RoundsToNearestEven) {
  // 1 + 2^-11 is exactly halfway between 1 and the next half (1 + 2^-10): ties to even (1).
  EXPECT_EQ(FloatToHalf(1.f + std::ldexp(1.f, -11)), 0x3C00);
  // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9: rounds up to even.
  EXPECT_EQ(FloatToHalf(1.f + 3 * std::ldexp(1.f, -11)), 0x3C02);
  EXPECT_EQ(FloatToHalf(65520.f), 0x7C00);               // rounds past the largest finite half
  EXPECT_EQ(FloatToHalf(-1e-9f), 0x8000);                // underflows to -0
  EXPECT_EQ(FloatToHalf(std::ldexp(1.f, -24)), 0x0001);  // smallest subnormal
  EXPECT_TRUE(std::isnan(HalfToFloat(FloatToHalf(NAN))));
}

TEST(HalfToFloatRow, EveryIsaWidensExactly) {
  std::vector<uint16_t> h(37);
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint16_t>(0x3000 + 977 * i);
  std::vector<const RowKernelTable*> tables = {GenericRowKernels()};
  __builtin_cpu_init();
  // F16C by CPUID (leaf 1, ECX bit 29): clang's __builtin_cpu_supports does not know "f16c".
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 29)) != 0;
  if (__builtin_cpu_supports("avx2") && f16c) {
    tables.push_back(Avx2RowKernels());
  }
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")) {
    tables.push_back(Avx512RowKernels());
  }
  for (const RowKernelTable* t : tables) {
    std::vector<float> out(h.size());
    t->half_to_float(h.data(), static_cast<int64_t>(h.size()), out.data());
    for (size_t i = 0; i < h.size(); ++i) {
      const float want = HalfToFloat(h[i]);
      if (std::isnan(want)) {  // hardware conversion quiets signalling NaNs
        EXPECT_TRUE(std::isnan(out[i])) << i;
        continue;
      }
      EXPECT_EQ(std::memcmp(&out[i], &want, sizeof(float)), 0) << i;  // also tells -0 from 0
    }
  }
}

}  // namespace
}  // namespace octet
