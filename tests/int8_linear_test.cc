// Int8Linear against an exact double-precision matmul, its batch independence, and its fused
// paths (input already quantized by a LayerNorm, output quantized for the next matmul) against
// the unfused passes. Run under each ISA cap (tests/CMakeLists.txt), so every kernel path.

#include "core/layers/int8_linear.h"

#include <cmath>
#include <random>
#include <vector>

#include "core/kernels/int8_kernels.h"
#include "core/layers/fp32_linear.h"
#include "core/layers/layer_norm.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

struct Problem {
  int64_t out, in;
  std::vector<float> weight, bias;
};

Problem MakeProblem(int64_t out, int64_t in, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> w(0.f, 0.05f), b(0.f, 0.1f);
  Problem p{out, in, std::vector<float>(out * in), std::vector<float>(out)};
  for (float& v : p.weight) v = w(rng);
  for (float& v : p.bias) v = b(rng);
  return p;
}

Matrix RandomInput(int64_t rows, int64_t cols, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.f, 1.f);
  Matrix m(rows, cols);
  for (int64_t i = 0; i < rows * cols; ++i) m.data[i] = d(rng);
  return m;
}

std::vector<double> Exact(const Problem& p, const Matrix& x) {
  std::vector<double> y(x.rows * p.out);
  for (int64_t r = 0; r < x.rows; ++r) {
    for (int64_t n = 0; n < p.out; ++n) {
      double s = p.bias[n];
      for (int64_t k = 0; k < p.in; ++k)
        s += static_cast<double>(x.row(r)[k]) * p.weight[n * p.in + k];
      y[r * p.out + n] = s;
    }
  }
  return y;
}

// Normalized mean squared error: Σ(a − b)² / Σ b².
double Nmse(const Matrix& got, const std::vector<double>& want) {
  double num = 0, den = 0;
  for (int64_t r = 0; r < got.rows; ++r) {
    for (int64_t c = 0; c < got.cols; ++c) {
      const double d = got.row(r)[c] - want[r * got.cols + c];
      num += d * d;
      den += want[r * got.cols + c] * want[r * got.cols + c];
    }
  }
  return num / den;
}

TEST(Int8Linear, CloseToExactMatmul) {
  for (auto [out, in] : {std::pair<int64_t, int64_t>{64, 64}, {100, 72}, {3072, 768}, {2, 48}}) {
    const Problem p = MakeProblem(out, in, 1);
    auto layer = Int8Linear::Create(p.weight, p.bias, out, in, Epilogue::kNone);
    ASSERT_TRUE(layer.ok()) << layer.status();
    const Matrix x = RandomInput(19, in, 2);
    Workspace ws;
    Matrix y;
    ASSERT_TRUE((*layer)->Forward(x, &y, &ws).ok());
    ASSERT_EQ(y.rows, 19);
    ASSERT_EQ(y.cols, out);
    // 8-bit activations and weights: ~1e-4 of the signal energy (measured 6.0e-5 to 1.1e-4);
    // 7-bit activations without VNNI: measured up to 2.6e-4.
    const double bound = ActivationQuantMax() == 255 ? 2.5e-4 : 6e-4;
    EXPECT_LT(Nmse(y, Exact(p, x)), bound) << out << "x" << in;
  }
}

TEST(Int8Linear, FusedGeluMatchesFp32Layer) {
  const Problem p = MakeProblem(96, 64, 3);
  auto q = Int8Linear::Create(p.weight, p.bias, 96, 64, Epilogue::kGeluErf);
  auto f = Fp32Linear::Create(p.weight, p.bias, 96, 64, Epilogue::kGeluErf);
  ASSERT_TRUE(q.ok() && f.ok());
  const Matrix x = RandomInput(33, 64, 4);
  Workspace ws;
  Matrix yq, yf;
  ASSERT_TRUE((*q)->Forward(x, &yq, &ws).ok());
  ASSERT_TRUE((*f)->Forward(x, &yf, &ws).ok());
  double worst = 0, scale = 0;
  for (int64_t i = 0; i < 33 * 96; ++i) {
    worst = std::max(worst, static_cast<double>(std::fabs(yq.data[i] - yf.data[i])));
    scale = std::max(scale, static_cast<double>(std::fabs(yf.data[i])));
  }
  EXPECT_LT(worst, 0.02 * scale);
  EXPECT_GT(worst, 0.0);  // it really is quantized
}

TEST(Int8Linear, RowResultDoesNotDependOnBatch) {
  const Problem p = MakeProblem(200, 96, 5);
  auto layer = Int8Linear::Create(p.weight, p.bias, 200, 96, Epilogue::kGeluTanh);
  ASSERT_TRUE(layer.ok());
  const Matrix big = RandomInput(300, 96, 6);  // a different row bucket from the single row
  Matrix one(1, 96);
  std::copy(big.row(123), big.row(123) + 96, one.row(0));
  Workspace ws1, ws2(2);
  Matrix y_big, y_one;
  ASSERT_TRUE((*layer)->Forward(big, &y_big, &ws1).ok());
  ASSERT_TRUE((*layer)->Forward(one, &y_one, &ws2).ok());
  for (int64_t c = 0; c < 200; ++c) ASSERT_EQ(y_big.row(123)[c], y_one.row(0)[c]) << c;
}

TEST(Int8Linear, WeightScalesArePerOutputChannel) {
  Problem p = MakeProblem(4, 8, 7);
  for (int64_t k = 0; k < 8; ++k) p.weight[2 * 8 + k] = 0.f;  // an all-zero channel
  p.weight[1 * 8 + 3] = -2.54f;
  auto layer = Int8Linear::Create(p.weight, p.bias, 4, 8, Epilogue::kNone);
  ASSERT_TRUE(layer.ok());
  EXPECT_FLOAT_EQ((*layer)->weight_scales()[1], 2.54f / 127.f);
  EXPECT_EQ((*layer)->weight_scales()[2], 1.f);
  EXPECT_LT((*layer)->weight_bytes(), 4 * 8 * sizeof(float) + 4 * 12 + 4096);
}

TEST(Int8Linear, RejectsMismatchedSizes) {
  auto layer =
      Int8Linear::Create(std::vector<float>(10), std::vector<float>(2), 2, 4, Epilogue::kNone);
  EXPECT_EQ(layer.status().code(), absl::StatusCode::kInvalidArgument);
}

// Two int8 layers in a row, FFN-like: in → [I] with GELU → [out].
struct Chain {
  std::unique_ptr<Int8Linear> first, second;
};

Chain MakeChain(int64_t in, int64_t inner, int64_t out) {
  const Problem p1 = MakeProblem(inner, in, 11), p2 = MakeProblem(out, inner, 12);
  Chain c;
  c.first = *Int8Linear::Create(p1.weight, p1.bias, inner, in, Epilogue::kGeluErf);
  c.second = *Int8Linear::Create(p2.weight, p2.bias, out, inner, Epilogue::kNone);
  return c;
}

TEST(Int8Linear, QuantizedHandOffIsBitIdenticalToTheFp32Path) {
  const Chain c = MakeChain(72, 200, 40);
  for (int64_t rows : {1, 17, 300}) {
    const Matrix x = RandomInput(rows, 72, 13);
    // Unfused: FP32 between the two layers.
    Workspace ws;
    Matrix mid, want;
    ASSERT_TRUE(c.first->Forward(x, &mid, &ws).ok());
    ASSERT_TRUE(c.second->Forward(mid, &want, &ws).ok());
    // The first layer's epilogue quantizes the second's input; the second takes it as it is.
    Workspace ws2(2);
    Matrix got;
    ASSERT_TRUE(c.first->ForwardToQuantized(&x, rows, &ws2).ok());
    ASSERT_TRUE(c.second->ForwardQuantized(rows, &got, &ws2).ok());
    ASSERT_EQ(got.rows, rows);
    for (int64_t i = 0; i < rows * 40; ++i)
      ASSERT_EQ(got.data[i], want.data[i]) << rows << " " << i;
    // The u8 rows left in the workspace are QuantizeRowsU8 of the FP32 activations.
    std::vector<uint8_t> q(rows * 200);
    std::vector<float> scale(rows);
    std::vector<int32_t> zp(rows);
    QuantizeRowsU8(mid.data.data(), rows, 200, 200, q.data(), 200, scale.data(), zp.data(),
                   ActivationQuantMax());
    const QuantizedRows held = QuantizedInput(rows, 200, &ws2);
    for (int64_t r = 0; r < rows; ++r) {
      ASSERT_EQ(held.scale[r], scale[r]) << r;
      ASSERT_EQ(held.zero_point[r], zp[r]) << r;
    }
    for (int64_t i = 0; i < rows * 200; ++i) ASSERT_EQ(held.data[i], q[i]) << i;
  }
}

TEST(Int8Linear, LayerNormQuantizeFeedsTheMatmulBitIdentically) {
  const int64_t rows = 45, h = 72;
  const Problem p = MakeProblem(96, h, 14);
  auto layer = Int8Linear::Create(p.weight, p.bias, 96, h, Epilogue::kNone);
  ASSERT_TRUE(layer.ok());
  const Matrix x = RandomInput(rows, h, 15), residual = RandomInput(rows, h, 16);
  LayerNormWeights w;
  std::mt19937 rng(17);
  std::normal_distribution<float> d(1.f, 0.2f);
  for (int64_t i = 0; i < h; ++i) w.gamma.push_back(d(rng)), w.beta.push_back(d(rng) - 1.f);
  Matrix normed, want;
  LayerNorm(x, &residual, w, &normed);
  Workspace ws;
  ASSERT_TRUE((*layer)->Forward(normed, &want, &ws).ok());
  Workspace ws2(2);
  Matrix normed2, got;
  const QuantizedRows q = QuantizedInput(rows, h, &ws2);
  LayerNormQuantize(x, &residual, w, &normed2, q.data, h, q.scale, q.zero_point,
                    ActivationQuantMax());
  for (int64_t i = 0; i < rows * h; ++i) ASSERT_EQ(normed2.data[i], normed.data[i]) << i;
  ASSERT_TRUE((*layer)->ForwardQuantized(rows, &got, &ws2).ok());
  for (int64_t i = 0; i < rows * 96; ++i) ASSERT_EQ(got.data[i], want.data[i]) << i;
}

}  // namespace
}  // namespace octet
