// The embedding block of each family against the PyTorch reference.

#include "core/models/embeddings.h"
#include "core/models/family.h"
#include "gtest/gtest.h"
#include "tests/op_reference.h"

namespace octet {
namespace {

using ::octet::testing::ExpectMatrixNear;
using ::octet::testing::LoadOpReferenceModel;
using ::octet::testing::OpReference;
using ::octet::testing::ReferenceBatch;

Matrix Embed(const std::string& name, const SequenceBatch& batch) {
  const auto m = LoadOpReferenceModel(name);
  auto embeddings =
      Embeddings::Load(*m.checkpoint, m.config, FamilyOf(m.config.family).embeddings, false);
  EXPECT_TRUE(embeddings.ok()) << embeddings.status();
  Matrix out;
  if (embeddings.ok()) (*embeddings)->Forward(batch, &out);
  return out;
}

TEST(LayerEmbeddings, BertWordTypeAndPosition) {
  ExpectMatrixNear(Embed("bert", ReferenceBatch()), OpReference().at("bert").at("embeddings"));
}

TEST(LayerEmbeddings, BertTokenTypesMatter) {
  SequenceBatch batch = ReferenceBatch();
  const Matrix with_types = Embed("bert", batch);
  for (int32_t& t : batch.type_ids) t = 0;
  const Matrix zeros = Embed("bert", batch);
  // Token 2 has type 1 in the reference batch; token 0 has type 0.
  EXPECT_NE(zeros.row(2)[0], with_types.row(2)[0]);
  EXPECT_EQ(zeros.row(0)[0], with_types.row(0)[0]);
}

TEST(LayerEmbeddings, DistilBertHasNoTokenTypes) {
  // The reference batch carries type ids 1; DistilBERT ignores them.
  ExpectMatrixNear(Embed("distilbert", ReferenceBatch()),
                   OpReference().at("distilbert").at("embeddings"));
}

TEST(LayerEmbeddings, PositionsRestartWithEachSequence) {
  // Both sequences start with id 2 (type 0): their first rows are equal.
  const Matrix out = Embed("distilbert", ReferenceBatch());
  for (int64_t c = 0; c < out.cols; ++c) EXPECT_EQ(out.row(5)[c], out.row(0)[c]);
}

TEST(LayerEmbeddings, SinusoidalPositionTable) {
  // pos / 10000^(2·(j/2)/4): columns 0, 1 use pos / 1, columns 2, 3 pos / 100.
  const Matrix table = SinusoidalPositions(3, 4);
  ASSERT_EQ(table.rows, 3);
  ASSERT_EQ(table.cols, 4);
  EXPECT_FLOAT_EQ(table.row(0)[0], 0.0f);
  EXPECT_FLOAT_EQ(table.row(0)[1], 1.0f);
  EXPECT_FLOAT_EQ(table.row(1)[0], 0.84147098f);
  EXPECT_FLOAT_EQ(table.row(1)[1], 0.54030231f);
  EXPECT_FLOAT_EQ(table.row(1)[2], 0.0099998333f);
  EXPECT_FLOAT_EQ(table.row(1)[3], 0.99995000f);
  EXPECT_FLOAT_EQ(table.row(2)[0], 0.90929743f);
  EXPECT_FLOAT_EQ(table.row(2)[3], 0.99980001f);
}

}  // namespace
}  // namespace octet
