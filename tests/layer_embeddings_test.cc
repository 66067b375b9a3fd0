// The embedding block of each family against the PyTorch reference.

#include "core/models/embeddings.h"
#include "core/models/family.h"
#include "gtest/gtest.h"
#include "tests/op_reference.h"
#include "tests/safetensors_writer.h"

namespace octet {
namespace {

using ::octet::testing::ExpectMatrixNear;
using ::octet::testing::LoadOpReferenceModel;
using ::octet::testing::OpReference;
using ::octet::testing::ReferenceBatch;
using ::octet::testing::SafetensorsWriter;
using ::octet::testing::TempDir;

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

// A RoBERTa embedding block of width 2 over 8 ids, 10 position rows, pad id 1.
std::unique_ptr<Embeddings> TinyRoberta(const TempDir& dir) {
  SafetensorsWriter()
      .AddF32("roberta.embeddings.word_embeddings.weight", {8, 2}, std::vector<float>(16, 0.5f))
      .AddF32("roberta.embeddings.position_embeddings.weight", {10, 2},
              std::vector<float>(20, 0.25f))
      .AddF32("roberta.embeddings.token_type_embeddings.weight", {1, 2}, {0, 0})
      .AddF32("roberta.embeddings.LayerNorm.weight", {2}, {1, 1})
      .AddF32("roberta.embeddings.LayerNorm.bias", {2}, {0, 0})
      .WriteTo(dir.Join("model.safetensors"));
  auto config = ModelConfig::Parse(
      R"({"architectures": ["RobertaForSequenceClassification"], "vocab_size": 8,
          "hidden_size": 2, "num_attention_heads": 1, "max_position_embeddings": 10,
          "type_vocab_size": 1, "pad_token_id": 1})",
      "config.json");
  EXPECT_TRUE(config.ok()) << config.status();
  auto ckpt = Checkpoint::Open(dir.path(), "roberta.");
  EXPECT_TRUE(ckpt.ok()) << ckpt.status();
  auto e = Embeddings::Load(**ckpt, *config, FamilyOf(config->family).embeddings, false);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *std::move(e) : nullptr;
}

TEST(LayerEmbeddings, RobertaPositionsCountNonPadTokensFromPadPlusOne) {
  TempDir dir;
  const auto e = TinyRoberta(dir);
  ASSERT_NE(e, nullptr);
  SequenceBatch batch;
  // <s> a <pad> b <pad> <pad> c </s>, then a second sequence that starts afresh.
  batch.Add({0, 5, 1, 6, 1, 1, 7, 2}, std::vector<int32_t>(8, 0));
  batch.Add({0, 4, 2}, std::vector<int32_t>(3, 0));
  std::vector<int64_t> rows;
  e->Positions(batch, 0, &rows);
  // transformers: cumsum(id != 1) * (id != 1) + 1.
  EXPECT_EQ(rows, (std::vector<int64_t>{2, 3, 1, 4, 1, 1, 5, 6}));
  e->Positions(batch, 1, &rows);
  EXPECT_EQ(rows, (std::vector<int64_t>{2, 3, 4}));
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
