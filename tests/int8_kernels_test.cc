// The int8 kernels on every ISA this CPU has, against scalar double-precision references.

#include "core/kernels/int8_kernels.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "core/kernels/cpu_features.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

std::vector<const Int8KernelTable*> Tables() {
  std::vector<const Int8KernelTable*> tables = {GenericInt8Kernels()};
  const VectorIsa isa = HardwareIsa();
  if (isa >= VectorIsa::kAvx2) tables.push_back(Avx2Int8Kernels());
  if (isa >= VectorIsa::kAvx512) tables.push_back(Avx512Int8Kernels());
  return tables;
}

std::vector<float> RandomRow(int64_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

double ExactActivation(double v, Epilogue e) {
  switch (e) {
    case Epilogue::kNone:
      return v;
    case Epilogue::kGeluErf:
      return 0.5 * v * (1 + std::erf(v / std::sqrt(2.0)));
    case Epilogue::kGeluTanh:
      return 0.5 * v * (1 + std::tanh(std::sqrt(2 / M_PI) * (v + 0.044715 * v * v * v)));
    case Epilogue::kRelu:
      return v > 0 ? v : 0;
    case Epilogue::kTanh:
      return std::tanh(v);
  }
  return v;
}

TEST(Int8Kernels, EveryIsaQuantizesIdentically) {
  const auto tables = Tables();
  for (int64_t cols : {1, 7, 16, 17, 64, 100, 768}) {
    const auto x = RandomRow(cols, -3.f, 5.f, static_cast<uint32_t>(cols));
    std::vector<uint8_t> ref(cols);
    float ref_scale;
    int32_t ref_zp;
    tables[0]->quantize_row(x.data(), cols, ref.data(), &ref_scale, &ref_zp, 255);
    // The reference definition, written out.
    float lo = 0, hi = 0;
    for (float v : x) lo = std::min(lo, v), hi = std::max(hi, v);
    EXPECT_FLOAT_EQ(ref_scale, (hi - lo) / 255.f);
    for (int64_t c = 0; c < cols; ++c) {
      const double dequant = (static_cast<double>(ref[c]) - ref_zp) * ref_scale;
      EXPECT_NEAR(dequant, x[c], 0.5 * ref_scale + 1e-6) << "cols " << cols << " c " << c;
    }
    for (const Int8KernelTable* t : tables) {
      std::vector<uint8_t> q(cols);
      float scale;
      int32_t zp;
      t->quantize_row(x.data(), cols, q.data(), &scale, &zp, 255);
      EXPECT_EQ(scale, ref_scale);
      EXPECT_EQ(zp, ref_zp);
      EXPECT_EQ(q, ref) << "cols " << cols;
    }
  }
}

TEST(Int8Kernels, ZeroRowAndAllPositiveRow) {
  for (const Int8KernelTable* t : Tables()) {
    std::vector<float> zeros(20, 0.f);
    std::vector<uint8_t> q(20, 7);
    float scale;
    int32_t zp;
    t->quantize_row(zeros.data(), 20, q.data(), &scale, &zp, 255);
    EXPECT_EQ(scale, 1.f);
    EXPECT_EQ(zp, 0);
    for (uint8_t v : q) EXPECT_EQ(v, 0);
    std::vector<float> pos = {0.5f, 1.f, 2.f};
    t->quantize_row(pos.data(), 3, q.data(), &scale, &zp, 255);
    EXPECT_EQ(zp, 0);
    EXPECT_EQ(q[2], 255);
    // The reduced range for CPUs without VNNI: nothing above 127.
    std::vector<float> mixed = {-1.f, 0.25f, 3.f};
    t->quantize_row(mixed.data(), 3, q.data(), &scale, &zp, 127);
    EXPECT_FLOAT_EQ(scale, 4.f / 127.f);
    EXPECT_EQ(zp, 32);  // round(1 / (4/127)) = round(31.75)
    EXPECT_EQ(q[0], 0);
    EXPECT_EQ(q[2], 127);
  }
}

TEST(Int8Kernels, EpilogueMatchesExactMath) {
  const int64_t cols = 37;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int32_t> acc_dist(-40000, 40000);
  std::vector<int32_t> acc(cols), col_sum(cols);
  for (auto& a : acc) a = acc_dist(rng);
  for (auto& s : col_sum) s = acc_dist(rng) / 100;
  const auto col_scale = RandomRow(cols, 1e-4f, 2e-4f, 1);
  const auto bias = RandomRow(cols, -1.f, 1.f, 2);
  const float row_scale = 0.02f;
  const int32_t row_zp = 17;
  for (Epilogue e : {Epilogue::kNone, Epilogue::kGeluErf, Epilogue::kGeluTanh, Epilogue::kRelu,
                     Epilogue::kTanh}) {
    for (const Int8KernelTable* t : Tables()) {
      std::vector<float> y(cols);
      t->epilogue_row(acc.data(), cols, row_scale, row_zp, col_scale.data(), col_sum.data(),
                      bias.data(), e, y.data());
      for (int64_t n = 0; n < cols; ++n) {
        const double v =
            static_cast<double>(acc[n] - row_zp * col_sum[n]) * row_scale * col_scale[n] + bias[n];
        EXPECT_NEAR(y[n], ExactActivation(v, e), 2e-6 * (1 + std::fabs(v)))
            << "epilogue " << static_cast<int>(e) << " n " << n;
      }
    }
  }
}

TEST(Int8Kernels, ActivationsAccurateOverWideRange) {
  // GELU/tanh through the vector erf/exp over [-12, 12], compared with libm in double.
  const int64_t cols = 2401;
  std::vector<int32_t> acc(cols), col_sum(cols, 0);
  std::vector<float> col_scale(cols, 1.f), bias(cols, 0.f);
  for (int64_t i = 0; i < cols; ++i) acc[i] = static_cast<int32_t>(i - 1200);
  for (Epilogue e : {Epilogue::kGeluErf, Epilogue::kGeluTanh, Epilogue::kTanh}) {
    for (const Int8KernelTable* t : Tables()) {
      std::vector<float> y(cols);
      t->epilogue_row(acc.data(), cols, 0.01f, 0, col_scale.data(), col_sum.data(), bias.data(), e,
                      y.data());
      double worst = 0;
      for (int64_t i = 0; i < cols; ++i) {
        const double v = static_cast<double>(static_cast<float>(acc[i]) * 0.01f);
        worst = std::max(worst, std::fabs(y[i] - ExactActivation(v, e)));
      }
      EXPECT_LT(worst, 2e-6) << "epilogue " << static_cast<int>(e);
    }
  }
}

TEST(Int8Kernels, GeluErfErrorAgainstStdErf) {
  // The rational erf of core/kernels/gelu_erf.h on a dense grid over [-10, 10] (step 2^-12), each
  // ISA against 0.5·v·(1 + erf(v/√2)) in double (the definition PyTorch's GELU computes in
  // float). docs/engine.md quotes the printed maxima.
  const int64_t cols = 20 * 4096 + 1;
  std::vector<int32_t> acc(cols), col_sum(cols, 0);
  std::vector<float> col_scale(cols, 1.f), bias(cols, 0.f);
  for (int64_t i = 0; i < cols; ++i) acc[i] = static_cast<int32_t>(i - 10 * 4096);
  const float step = 1.f / 4096;
  for (const Int8KernelTable* t : Tables()) {
    std::vector<float> y(cols);
    t->epilogue_row(acc.data(), cols, step, 0, col_scale.data(), col_sum.data(), bias.data(),
                    Epilogue::kGeluErf, y.data());
    double worst_abs = 0, worst_rel = 0;
    for (int64_t i = 0; i < cols; ++i) {
      const double v = static_cast<double>(static_cast<float>(acc[i]) * step);
      const double exact = ExactActivation(v, Epilogue::kGeluErf);
      const double err = std::fabs(y[i] - exact);
      worst_abs = std::max(worst_abs, err);
      if (std::fabs(exact) > 0.1) worst_rel = std::max(worst_rel, err / std::fabs(exact));
    }
    std::printf("GELU(erf) max abs error %.3g, max rel error (|y| > 0.1) %.3g\n", worst_abs,
                worst_rel);
    // Measured 9.5e-7 (1.1e-6 scalar) absolute, about one float ulp of the largest outputs
    // here, and 1.0e-6 relative.
    EXPECT_LT(worst_abs, 1.5e-6);
    EXPECT_LT(worst_rel, 2e-6);
  }
}

}  // namespace
}  // namespace octet
