// The family table: what config.json maps to which family, and the tensor names each family's
// row gives (what a new family's row is checked against).

#include <string>
#include <vector>

#include "core/models/family.h"
#include "core/models/tensor_names.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

using ::testing::ElementsAre;

TEST(ModelFamily, EveryFamilyHasItsRow) {
  ASSERT_EQ(Families().size(), 2u);
  EXPECT_EQ(&FamilyOf(ModelFamily::kBert), Families()[0]);
  EXPECT_EQ(&FamilyOf(ModelFamily::kDistilBert), Families()[1]);
  EXPECT_STREQ(FamilyOf(ModelFamily::kBert).model_type, "bert");
  EXPECT_STREQ(FamilyOf(ModelFamily::kDistilBert).model_type, "distilbert");
  for (const Family* f : Families()) EXPECT_EQ(f->architectures.size(), 2u) << f->model_type;
}

TEST(ModelFamily, ArchitecturesAreListedInTheUnsupportedMessage) {
  auto c = ModelConfig::Parse(R"({"architectures": ["RobertaForSequenceClassification"]})",
                              "config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "config.json: unsupported architecture 'RobertaForSequenceClassification'; supported: "
            "BertForSequenceClassification, BertForQuestionAnswering, "
            "DistilBertForSequenceClassification, DistilBertForQuestionAnswering");
}

TEST(ModelFamily, ModelTypeMustMatchTheArchitecture) {
  auto c = ModelConfig::Parse(
      R"({"architectures": ["DistilBertForQuestionAnswering"], "model_type": "bert"})",
      "config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "config.json: field 'model_type': 'bert' does not match architecture "
            "'DistilBertForQuestionAnswering' (expected 'distilbert')");
}

TEST(ModelFamily, BertLayerNames) {
  const LayerTensorNames n = LayerNames(FamilyOf(ModelFamily::kBert), 3);
  EXPECT_EQ(n.query, "encoder.layer.3.attention.self.query");
  EXPECT_EQ(n.key, "encoder.layer.3.attention.self.key");
  EXPECT_EQ(n.value, "encoder.layer.3.attention.self.value");
  EXPECT_EQ(n.attention_out, "encoder.layer.3.attention.output.dense");
  EXPECT_EQ(n.attention_norm, "encoder.layer.3.attention.output.LayerNorm");
  EXPECT_EQ(n.ffn_in, "encoder.layer.3.intermediate.dense");
  EXPECT_EQ(n.ffn_out, "encoder.layer.3.output.dense");
  EXPECT_EQ(n.output_norm, "encoder.layer.3.output.LayerNorm");
}

TEST(ModelFamily, DistilBertLayerNames) {
  const LayerTensorNames n = LayerNames(FamilyOf(ModelFamily::kDistilBert), 0);
  EXPECT_EQ(n.query, "transformer.layer.0.attention.q_lin");
  EXPECT_EQ(n.key, "transformer.layer.0.attention.k_lin");
  EXPECT_EQ(n.value, "transformer.layer.0.attention.v_lin");
  EXPECT_EQ(n.attention_out, "transformer.layer.0.attention.out_lin");
  EXPECT_EQ(n.attention_norm, "transformer.layer.0.sa_layer_norm");
  EXPECT_EQ(n.ffn_in, "transformer.layer.0.ffn.lin1");
  EXPECT_EQ(n.ffn_out, "transformer.layer.0.ffn.lin2");
  EXPECT_EQ(n.output_norm, "transformer.layer.0.output_layer_norm");
}

TEST(ModelFamily, BertClassifierRequiresTokenTypesAndPooler) {
  auto c = ModelConfig::Parse(
      R"({"architectures": ["BertForSequenceClassification"], "num_hidden_layers": 1})",
      "config.json");
  ASSERT_TRUE(c.ok()) << c.status();
  const std::vector<std::string> names = RequiredTensorNames(*c);
  ASSERT_EQ(names.size(), 25u);
  EXPECT_THAT(
      std::vector<std::string>(names.begin(), names.begin() + 5),
      ElementsAre("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                  "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight",
                  "embeddings.LayerNorm.bias"));
  EXPECT_THAT(std::vector<std::string>(names.end() - 4, names.end()),
              ElementsAre("pooler.dense.weight", "pooler.dense.bias", "classifier.weight",
                          "classifier.bias"));
}

TEST(ModelFamily, SinusoidalDistilBertQaRequiresNoPositionTable) {
  auto c = ModelConfig::Parse(R"({"architectures": ["DistilBertForQuestionAnswering"],
                                  "n_layers": 1, "sinusoidal_pos_embds": true})",
                              "config.json");
  ASSERT_TRUE(c.ok()) << c.status();
  const std::vector<std::string> names = RequiredTensorNames(*c);
  ASSERT_EQ(names.size(), 21u);
  EXPECT_THAT(std::vector<std::string>(names.begin(), names.begin() + 3),
              ElementsAre("embeddings.word_embeddings.weight", "embeddings.LayerNorm.weight",
                          "embeddings.LayerNorm.bias"));
  EXPECT_THAT(std::vector<std::string>(names.end() - 2, names.end()),
              ElementsAre("qa_outputs.weight", "qa_outputs.bias"));
}

TEST(ModelFamily, HeadVariants) {
  const ClassifierHead& bert = FamilyOf(ModelFamily::kBert).classifier;
  EXPECT_STREQ(bert.dense, "pooler.dense");
  EXPECT_EQ(bert.dense_epilogue, Epilogue::kTanh);
  const ClassifierHead& distil = FamilyOf(ModelFamily::kDistilBert).classifier;
  EXPECT_STREQ(distil.dense, "pre_classifier");
  EXPECT_EQ(distil.dense_epilogue, Epilogue::kRelu);
  EXPECT_EQ(FamilyOf(ModelFamily::kDistilBert).embeddings.token_type, nullptr);
}

}  // namespace
}  // namespace octet
