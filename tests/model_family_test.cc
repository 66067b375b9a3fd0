// The family table: what config.json maps to which family, and the tensor names each family's
// row gives (what a new family's row is checked against).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/models/family.h"
#include "core/models/tensor_names.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

using ::testing::ElementsAre;

TEST(ModelFamily, EveryFamilyHasItsRow) {
  const ModelFamily ids[] = {ModelFamily::kBert,      ModelFamily::kDistilBert,
                             ModelFamily::kRoberta,   ModelFamily::kXlmRoberta,
                             ModelFamily::kCamembert, ModelFamily::kElectra,
                             ModelFamily::kDebertaV2};
  const char* model_types[] = {"bert",      "distilbert", "roberta",   "xlm-roberta",
                               "camembert", "electra",    "deberta-v2"};
  const char* prefixes[] = {"bert.",    "distilbert.", "roberta.", "roberta.",
                            "roberta.", "electra.",    "deberta."};
  ASSERT_EQ(Families().size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(&FamilyOf(ids[i]), Families()[i]) << i;
    EXPECT_STREQ(FamilyOf(ids[i]).model_type, model_types[i]);
    EXPECT_STREQ(FamilyOf(ids[i]).checkpoint_prefix, prefixes[i]);
  }
  for (const Family* f : Families()) EXPECT_EQ(f->architectures.size(), 3u) << f->model_type;
}

TEST(ModelFamily, ArchitecturesAreListedInTheUnsupportedMessage) {
  auto c = ModelConfig::Parse(R"({"architectures": ["DebertaForSequenceClassification"]})",
                              "config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "config.json: unsupported architecture 'DebertaForSequenceClassification'; "
            "supported: BertForSequenceClassification, BertForQuestionAnswering, "
            "BertForTokenClassification, DistilBertForSequenceClassification, "
            "DistilBertForQuestionAnswering, DistilBertForTokenClassification, "
            "RobertaForSequenceClassification, RobertaForQuestionAnswering, "
            "RobertaForTokenClassification, XLMRobertaForSequenceClassification, "
            "XLMRobertaForQuestionAnswering, XLMRobertaForTokenClassification, "
            "CamembertForSequenceClassification, CamembertForQuestionAnswering, "
            "CamembertForTokenClassification, ElectraForSequenceClassification, "
            "ElectraForQuestionAnswering, ElectraForTokenClassification, "
            "DebertaV2ForSequenceClassification, DebertaV2ForQuestionAnswering, "
            "DebertaV2ForTokenClassification");
}

TEST(ModelFamily, EveryFamilyHasATokenClassifierOverEveryToken) {
  // *ForTokenClassification: the base model without pooler or classification head, then one
  // Linear "classifier" [labels, hidden]; id2label is read as for sequence classification.
  const char* archs[] = {"BertForTokenClassification",      "DistilBertForTokenClassification",
                         "RobertaForTokenClassification",   "XLMRobertaForTokenClassification",
                         "CamembertForTokenClassification", "ElectraForTokenClassification",
                         "DebertaV2ForTokenClassification"};
  for (const char* arch : archs) {
    auto c = ModelConfig::Parse(absl::StrCat(R"({"architectures": [")", arch,
                                             R"("], "num_hidden_layers": 1, "n_layers": 1,
                         "id2label": {"0": "O", "1": "B-PER", "2": "I-PER"}})"),
                                "config.json");
    ASSERT_TRUE(c.ok()) << arch << ": " << c.status();
    EXPECT_EQ(c->task, TaskKind::kTokenClassification) << arch;
    EXPECT_THAT(c->labels, ElementsAre("O", "B-PER", "I-PER")) << arch;
    EXPECT_STREQ(TaskName(c->task), "token_classification");
    const std::vector<std::string> names = RequiredTensorNames(*c);
    EXPECT_THAT(std::vector<std::string>(names.end() - 2, names.end()),
                ElementsAre("classifier.weight", "classifier.bias"))
        << arch;
    for (const std::string& n : names) {
      EXPECT_EQ(n.find("pooler"), std::string::npos) << arch << ": " << n;
      EXPECT_EQ(n.find("pre_classifier"), std::string::npos) << arch << ": " << n;
      EXPECT_EQ(n.find("classifier.dense"), std::string::npos) << arch << ": " << n;
    }
  }
}

TEST(ModelFamily, RobertaEncoderServesThreeModelTypes) {
  struct Case {
    const char* json;
    ModelFamily family;
  };
  const Case cases[] = {
      {R"({"architectures": ["RobertaForQuestionAnswering"], "model_type": "roberta"})",
       ModelFamily::kRoberta},
      {R"({"architectures": ["XLMRobertaForSequenceClassification"],
           "model_type": "xlm-roberta"})",
       ModelFamily::kXlmRoberta},
      {R"({"architectures": ["CamembertForSequenceClassification"], "model_type": "camembert"})",
       ModelFamily::kCamembert},
  };
  for (const Case& k : cases) {
    auto c = ModelConfig::Parse(k.json, "config.json");
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->family, k.family);
    // RobertaConfig's defaults: pad_token_id 1, so positions start at row 2.
    EXPECT_EQ(c->pad_token_id, 1);
    EXPECT_EQ(c->position_offset, 2);
    EXPECT_EQ(c->max_sequence_length(), 510);  // 512 rows by default
    // The same rows, names and head as RoBERTa: one forward pass.
    const Family& f = FamilyOf(c->family);
    EXPECT_EQ(f.embeddings.position_ids, PositionIds::kPaddingOffset);
    EXPECT_STREQ(f.classifier.out, "classifier.out_proj");
  }
  auto wrong = ModelConfig::Parse(
      R"({"architectures": ["XLMRobertaForSequenceClassification"], "model_type": "roberta"})",
      "config.json");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(),
            "config.json: field 'model_type': 'roberta' does not match architecture "
            "'XLMRobertaForSequenceClassification' (expected 'xlm-roberta')");
}

TEST(ModelFamily, RobertaPositionTableMustHoldAToken) {
  auto c = ModelConfig::Parse(R"({"architectures": ["RobertaForSequenceClassification"],
                                  "max_position_embeddings": 2, "pad_token_id": 1})",
                              "config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "config.json: field 'max_position_embeddings': 2 rows leave no position for a "
            "token: position ids start at pad_token_id + 1 = 2");
}

TEST(ModelFamily, RobertaClassifierHasNoPoolerAndTwoHeadLayers) {
  auto c = ModelConfig::Parse(
      R"({"architectures": ["RobertaForSequenceClassification"], "num_hidden_layers": 1})",
      "config.json");
  ASSERT_TRUE(c.ok()) << c.status();
  const std::vector<std::string> names = RequiredTensorNames(*c);
  ASSERT_EQ(names.size(), 25u);
  EXPECT_THAT(std::vector<std::string>(names.end() - 4, names.end()),
              ElementsAre("classifier.dense.weight", "classifier.dense.bias",
                          "classifier.out_proj.weight", "classifier.out_proj.bias"));
}

TEST(ModelFamily, ElectraProjectsEmbeddingsOnlyWhenWidthsDiffer) {
  // ElectraConfig's defaults: embedding_size 128, hidden_size 256.
  auto c = ModelConfig::Parse(
      R"({"architectures": ["ElectraForQuestionAnswering"], "num_hidden_layers": 1})",
      "config.json");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->embedding_size, 128);
  EXPECT_EQ(c->hidden_size, 256);
  EXPECT_EQ(c->num_heads, 4);
  EXPECT_EQ(c->max_sequence_length(), 512);
  std::vector<std::string> names = RequiredTensorNames(*c);
  ASSERT_EQ(names.size(), 25u);
  EXPECT_THAT(
      std::vector<std::string>(names.begin() + 4, names.begin() + 8),
      ElementsAre("embeddings.LayerNorm.bias", "embeddings_project.weight",
                  "embeddings_project.bias", "encoder.layer.0.attention.self.query.weight"));

  auto same = ModelConfig::Parse(R"({"architectures": ["ElectraForSequenceClassification"],
                                     "num_hidden_layers": 1, "embedding_size": 256})",
                                 "config.json");
  ASSERT_TRUE(same.ok()) << same.status();
  names = RequiredTensorNames(*same);
  ASSERT_EQ(names.size(), 25u);
  EXPECT_EQ(names[5], "encoder.layer.0.attention.self.query.weight");
  EXPECT_THAT(std::vector<std::string>(names.end() - 4, names.end()),
              ElementsAre("classifier.dense.weight", "classifier.dense.bias",
                          "classifier.out_proj.weight", "classifier.out_proj.bias"));
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
  const ClassifierHead& roberta = FamilyOf(ModelFamily::kRoberta).classifier;
  EXPECT_STREQ(roberta.dense, "classifier.dense");
  EXPECT_EQ(roberta.dense_epilogue, Epilogue::kTanh);
  // ElectraClassificationHead: exact GELU, whatever hidden_act says.
  const ClassifierHead& electra = FamilyOf(ModelFamily::kElectra).classifier;
  EXPECT_STREQ(electra.dense, "classifier.dense");
  EXPECT_EQ(electra.dense_epilogue, Epilogue::kGeluErf);
}

}  // namespace
}  // namespace octet
