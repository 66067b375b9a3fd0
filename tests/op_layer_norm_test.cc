// LayerNorm (with and without the fused residual add) against the PyTorch reference.

#include "core/layers/layer_norm.h"
#include "gtest/gtest.h"
#include "tests/op_reference.h"

namespace octet {
namespace {

using ::octet::testing::ExpectMatrixNear;
using ::octet::testing::OpReference;
using ::octet::testing::ToMatrix;

LayerNormWeights ReferenceWeights() {
  const nlohmann::json& r = OpReference().at("layer_norm");
  LayerNormWeights w;
  w.gamma = r.at("gamma").get<std::vector<float>>();
  w.beta = r.at("beta").get<std::vector<float>>();
  w.eps = r.at("eps").get<float>();
  return w;
}

TEST(OpLayerNorm, OfTheSumWithTheResidual) {
  const nlohmann::json& r = OpReference().at("layer_norm");
  const Matrix x = ToMatrix(r.at("x")), residual = ToMatrix(r.at("residual"));
  Matrix out;
  LayerNorm(x, &residual, ReferenceWeights(), &out);
  ExpectMatrixNear(out, r.at("out"));
}

TEST(OpLayerNorm, WithoutResidual) {
  const nlohmann::json& r = OpReference().at("layer_norm");
  Matrix out;
  LayerNorm(ToMatrix(r.at("x")), nullptr, ReferenceWeights(), &out);
  ExpectMatrixNear(out, r.at("out_without_residual"));
}

TEST(OpLayerNorm, OutputMayAliasEitherInput) {
  const nlohmann::json& r = OpReference().at("layer_norm");
  Matrix x = ToMatrix(r.at("x")), residual = ToMatrix(r.at("residual"));
  LayerNorm(x, &residual, ReferenceWeights(), &x);
  ExpectMatrixNear(x, r.at("out"));
  x = ToMatrix(r.at("x"));
  LayerNorm(x, &residual, ReferenceWeights(), &residual);
  ExpectMatrixNear(residual, r.at("out"));
}

TEST(OpLayerNorm, ConstantRowGivesBeta) {
  // Zero variance: (x − mean) is 0, so every column is beta whatever gamma is.
  LayerNormWeights w;
  w.gamma = {2.0f, -3.0f, 0.5f, 1.0f};
  w.beta = {0.25f, -1.5f, 4.0f, 0.0f};
  Matrix x(1, 4);
  for (int c = 0; c < 4; ++c) x.row(0)[c] = 7.0f;
  Matrix out;
  LayerNorm(x, nullptr, w, &out);
  EXPECT_FLOAT_EQ(out.row(0)[0], 0.25f);
  EXPECT_FLOAT_EQ(out.row(0)[1], -1.5f);
  EXPECT_FLOAT_EQ(out.row(0)[2], 4.0f);
  EXPECT_FLOAT_EQ(out.row(0)[3], 0.0f);
}

TEST(OpLayerNorm, TwoValueRow) {
  // [1, 3]: mean 2, variance 1 (+ eps 1e-12), so the normalised row is [-1, 1].
  LayerNormWeights w;
  w.gamma = {1.0f, 2.0f};
  w.beta = {0.0f, 0.5f};
  Matrix x(1, 2);
  x.row(0)[0] = 1.0f;
  x.row(0)[1] = 3.0f;
  Matrix out;
  LayerNorm(x, nullptr, w, &out);
  EXPECT_NEAR(out.row(0)[0], -1.0f, 1e-6);
  EXPECT_NEAR(out.row(0)[1], 2.5f, 1e-6);
}

}  // namespace
}  // namespace octet
