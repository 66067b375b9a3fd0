// One encoder layer of each family, and the whole (one-layer) encoder, against the PyTorch
// reference on a batch of two sequences, the first with two masked padding tokens.

#include "core/models/encoder.h"
#include "gtest/gtest.h"
#include "tests/op_reference.h"

namespace octet {
namespace {

using ::octet::testing::ExpectMatrixNear;
using ::octet::testing::LoadOpReferenceModel;
using ::octet::testing::OpReference;
using ::octet::testing::ReferenceBatch;
using ::octet::testing::ToMatrix;

PrecisionPlan Fp32() {
  PrecisionPlan plan;
  plan.base = Precision::kFp32;
  return plan;
}

// Layer 0 of the named reference model on the reference's embeddings.
Matrix RunLayer(const std::string& name, bool in_place) {
  const auto m = LoadOpReferenceModel(name);
  auto layer = EncoderLayer::Load(*m.checkpoint, m.config, 0, Fp32());
  EXPECT_TRUE(layer.ok()) << layer.status();
  if (!layer.ok()) return Matrix();
  const SelfAttention attention(m.config.hidden_size, m.config.num_heads, AttentionType::kFp32);
  Workspace ws;
  Matrix in = ToMatrix(OpReference().at(name).at("embeddings"));
  Matrix out;
  Matrix* target = in_place ? &in : &out;
  const absl::Status s = (*layer)->Forward(ReferenceBatch(), attention, in, target, &ws);
  EXPECT_TRUE(s.ok()) << s;
  return *target;
}

TEST(LayerEncoder, BertLayer) {
  ExpectMatrixNear(RunLayer("bert", false), OpReference().at("bert").at("layer0"));
}

TEST(LayerEncoder, BertLayerInPlace) {
  ExpectMatrixNear(RunLayer("bert", true), OpReference().at("bert").at("layer0"));
}

TEST(LayerEncoder, DistilBertLayerWithRelu) {
  ExpectMatrixNear(RunLayer("distilbert", false), OpReference().at("distilbert").at("layer0"));
}

TEST(LayerEncoder, WholeEncoderIsEmbeddingsThenLayers) {
  for (const std::string name : {"bert", "distilbert"}) {
    SCOPED_TRACE(name);
    const auto m = LoadOpReferenceModel(name);
    auto encoder = Encoder::Load(*m.checkpoint, m.config, Fp32());
    ASSERT_TRUE(encoder.ok()) << encoder.status();
    Workspace ws;
    Matrix out;
    ASSERT_TRUE((*encoder)->Forward(ReferenceBatch(), &out, &ws).ok());
    ExpectMatrixNear(out, OpReference().at(name).at("layer0"));
  }
}

}  // namespace
}  // namespace octet
