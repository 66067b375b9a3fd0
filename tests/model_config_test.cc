#include "core/models/model_config.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/safetensors_writer.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::octet::testing::TempDir;
using ::octet::testing::WriteFileOrDie;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kSource[] = "models/sst2/config.json";

absl::StatusOr<ModelConfig> Parse(const nlohmann::json& j) {
  return ModelConfig::Parse(j.dump(), kSource);
}

// Expects InvalidArgument whose message names the source and contains every fragment.
void ExpectRejected(const nlohmann::json& j, const std::vector<std::string>& fragments) {
  auto config = Parse(j);
  ASSERT_FALSE(config.ok()) << j.dump();
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << config.status();
  EXPECT_THAT(std::string(config.status().message()), HasSubstr(kSource));
  for (const std::string& f : fragments) {
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(f)) << j.dump();
  }
}

nlohmann::json BertClassifier() {
  return nlohmann::json::parse(R"({
    "architectures": ["BertForSequenceClassification"], "model_type": "bert",
    "attention_probs_dropout_prob": 0.1, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
    "hidden_size": 128, "initializer_range": 0.02, "intermediate_size": 512,
    "layer_norm_eps": 1e-5, "max_position_embeddings": 256, "num_attention_heads": 4,
    "num_hidden_layers": 2, "pad_token_id": 0, "position_embedding_type": "absolute",
    "type_vocab_size": 2, "vocab_size": 1000,
    "id2label": {"0": "negative", "1": "neutral", "2": "positive"},
    "label2id": {"negative": 0, "neutral": 1, "positive": 2},
    "problem_type": "single_label_classification"})");
}

// The DistilBERT SST-2 config as printed by AutoConfig (transformers DistilBertConfig).
nlohmann::json DistilBertSst2() {
  return nlohmann::json::parse(R"({
    "activation": "gelu", "architectures": ["DistilBertForSequenceClassification"],
    "attention_dropout": 0.1, "dim": 768, "dropout": 0.1, "finetuning_task": "sst-2",
    "hidden_dim": 3072, "id2label": {"0": "NEGATIVE", "1": "POSITIVE"},
    "initializer_range": 0.02, "label2id": {"NEGATIVE": 0, "POSITIVE": 1},
    "max_position_embeddings": 512, "model_type": "distilbert", "n_heads": 12, "n_layers": 6,
    "output_past": true, "pad_token_id": 0, "qa_dropout": 0.1, "seq_classif_dropout": 0.2,
    "sinusoidal_pos_embds": false, "tie_weights_": true, "vocab_size": 30522})");
}

TEST(ModelConfig, BertClassifier) {
  auto c = Parse(BertClassifier());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->architecture, "BertForSequenceClassification");
  EXPECT_EQ(c->family, ModelFamily::kBert);
  EXPECT_EQ(c->task, TaskKind::kSequenceClassification);
  EXPECT_EQ(c->vocab_size, 1000);
  EXPECT_EQ(c->hidden_size, 128);
  EXPECT_EQ(c->num_layers, 2);
  EXPECT_EQ(c->num_heads, 4);
  EXPECT_EQ(c->head_dim(), 32);
  EXPECT_EQ(c->intermediate_size, 512);
  EXPECT_EQ(c->max_position_embeddings, 256);
  EXPECT_EQ(c->type_vocab_size, 2);
  EXPECT_EQ(c->pad_token_id, 0);
  EXPECT_EQ(c->activation, Activation::kGeluErf);
  EXPECT_FLOAT_EQ(c->layer_norm_eps, 1e-5f);
  EXPECT_FALSE(c->sinusoidal_pos_embds);
  EXPECT_THAT(c->labels, ElementsAre("negative", "neutral", "positive"));
  EXPECT_EQ(c->problem_type, ProblemType::kSingleLabel);
}

TEST(ModelConfig, BertDefaults) {
  auto c = Parse({{"architectures", {"BertForSequenceClassification"}}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->vocab_size, 30522);
  EXPECT_EQ(c->hidden_size, 768);
  EXPECT_EQ(c->num_layers, 12);
  EXPECT_EQ(c->num_heads, 12);
  EXPECT_EQ(c->intermediate_size, 3072);
  EXPECT_EQ(c->max_position_embeddings, 512);
  EXPECT_EQ(c->type_vocab_size, 2);
  EXPECT_EQ(c->pad_token_id, 0);
  EXPECT_EQ(c->activation, Activation::kGeluErf);
  EXPECT_FLOAT_EQ(c->layer_norm_eps, 1e-12f);
  EXPECT_THAT(c->labels, ElementsAre("LABEL_0", "LABEL_1"));
  EXPECT_EQ(c->problem_type, ProblemType::kUnspecified);
}

TEST(ModelConfig, DistilBertSst2) {
  auto c = Parse(DistilBertSst2());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->family, ModelFamily::kDistilBert);
  EXPECT_EQ(c->task, TaskKind::kSequenceClassification);
  EXPECT_EQ(c->hidden_size, 768);
  EXPECT_EQ(c->num_layers, 6);
  EXPECT_EQ(c->num_heads, 12);
  EXPECT_EQ(c->intermediate_size, 3072);
  EXPECT_EQ(c->vocab_size, 30522);
  EXPECT_EQ(c->type_vocab_size, 0);
  EXPECT_FLOAT_EQ(c->layer_norm_eps, 1e-12f);
  EXPECT_FALSE(c->sinusoidal_pos_embds);
  EXPECT_THAT(c->labels, ElementsAre("NEGATIVE", "POSITIVE"));
}

TEST(ModelConfig, DistilBertDefaultsAliasesAndQa) {
  auto c = Parse({{"architectures", {"DistilBertForQuestionAnswering"}},
                  {"sinusoidal_pos_embds", true},
                  {"layer_norm_eps", 1e-5}});  // not a DistilBERT field: ignored
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->task, TaskKind::kQuestionAnswering);
  EXPECT_EQ(c->hidden_size, 768);
  EXPECT_EQ(c->num_layers, 6);
  EXPECT_EQ(c->num_heads, 12);
  EXPECT_EQ(c->intermediate_size, 3072);
  EXPECT_EQ(c->max_position_embeddings, 512);
  EXPECT_TRUE(c->sinusoidal_pos_embds);
  EXPECT_FLOAT_EQ(c->layer_norm_eps, 1e-12f);
  EXPECT_THAT(c->labels, IsEmpty());

  auto aliased = Parse({{"architectures", {"DistilBertForSequenceClassification"}},
                        {"hidden_size", 64},
                        {"num_attention_heads", 2},
                        {"num_hidden_layers", 3}});
  ASSERT_TRUE(aliased.ok()) << aliased.status();
  EXPECT_EQ(aliased->hidden_size, 64);
  EXPECT_EQ(aliased->num_heads, 2);
  EXPECT_EQ(aliased->num_layers, 3);
  ExpectRejected({{"architectures", {"DistilBertForSequenceClassification"}},
                  {"dim", 64},
                  {"hidden_size", 128}},
                 {"field 'dim'", "64", "alias 'hidden_size' is 128"});
}

TEST(ModelConfig, BertQuestionAnswering) {
  auto c = Parse({{"architectures", {"BertForQuestionAnswering"}},
                  {"vocab_size", 28996},
                  {"id2label", {{"0", "LABEL_0"}, {"1", "LABEL_1"}}}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->task, TaskKind::kQuestionAnswering);
  EXPECT_EQ(c->vocab_size, 28996);
  EXPECT_THAT(c->labels, IsEmpty());
  EXPECT_EQ(c->problem_type, ProblemType::kUnspecified);
}

TEST(ModelConfig, Activations) {
  for (const auto& [name, expected] :
       std::vector<std::pair<std::string, Activation>>{{"gelu", Activation::kGeluErf},
                                                       {"gelu_new", Activation::kGeluTanh},
                                                       {"gelu_pytorch_tanh", Activation::kGeluTanh},
                                                       {"relu", Activation::kRelu}}) {
    nlohmann::json bert = BertClassifier();
    bert["hidden_act"] = name;
    auto c = Parse(bert);
    ASSERT_TRUE(c.ok()) << name << ": " << c.status();
    EXPECT_EQ(c->activation, expected) << name;
    nlohmann::json distil = DistilBertSst2();
    distil["activation"] = name;
    auto d = Parse(distil);
    ASSERT_TRUE(d.ok()) << name << ": " << d.status();
    EXPECT_EQ(d->activation, expected) << name;
  }
  nlohmann::json bert = BertClassifier();
  bert["hidden_act"] = "silu";
  ExpectRejected(bert, {"field 'hidden_act'", "unsupported activation 'silu'", "gelu_new"});
  bert["hidden_act"] = 3;
  ExpectRejected(bert, {"field 'hidden_act'", "expected a string, got 3"});
  nlohmann::json distil = DistilBertSst2();
  distil["activation"] = "quick_gelu";
  ExpectRejected(distil, {"field 'activation'", "'quick_gelu'"});
}

TEST(ModelConfig, UnsupportedArchitecture) {
  ExpectRejected({{"architectures", {"BertForMaskedLM"}}, {"model_type", "bert"}},
                 {"unsupported architecture 'BertForMaskedLM'", "supported: ",
                  "BertForSequenceClassification", "DistilBertForQuestionAnswering"});
  ExpectRejected({{"architectures", {"RobertaForMaskedLM"}}, {"model_type", "roberta"}},
                 {"unsupported architecture 'RobertaForMaskedLM'",
                  "RobertaForSequenceClassification", "ElectraForQuestionAnswering"});
  ExpectRejected({{"architectures", {"DebertaForSequenceClassification"}}},
                 {"unsupported architecture 'DebertaForSequenceClassification'"});
  ExpectRejected({{"model_type", "bert"}},
                 {"unsupported architecture ''", "no 'architectures' field", "supported:"});
  ExpectRejected({{"architectures", nlohmann::json::array()}}, {"field 'architectures'"});
  ExpectRejected({{"architectures", "BertForQuestionAnswering"}}, {"field 'architectures'"});
  ExpectRejected({{"architectures", {"BertForQuestionAnswering"}}, {"model_type", "roberta"}},
                 {"field 'model_type'", "'roberta'", "expected 'bert'"});
}

TEST(ModelConfig, BadJsonNamesTheFile) {
  auto c = ModelConfig::Parse("{\"architectures\": [", kSource);
  EXPECT_THAT(c.status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                   AllOf(HasSubstr(kSource), HasSubstr("not valid JSON"))));
  EXPECT_THAT(ModelConfig::Parse("[1]", kSource).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(kSource), HasSubstr("expected an object"))));

  // Input bytes quoted by the JSON parser are escaped: messages stay printable ASCII.
  const absl::Status latin1 = ModelConfig::Parse("{\"caf\xE9\": 1}", kSource).status();
  EXPECT_THAT(latin1, StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr(kSource), HasSubstr("UTF-8"), HasSubstr("\\xe9"))));
  for (char c : latin1.message()) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << int(c);

  TempDir dir;
  const std::string path = dir.Join("config.json");
  WriteFileOrDie(path, "{ not json");
  EXPECT_THAT(ModelConfig::FromFile(path).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path), HasSubstr("not valid JSON"))));
  EXPECT_THAT(ModelConfig::FromFile(dir.Join("absent.json")).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("absent.json")));
  WriteFileOrDie(path, DistilBertSst2().dump(2));
  auto ok = ModelConfig::FromFile(path);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->architecture, "DistilBertForSequenceClassification");
}

TEST(ModelConfig, Labels) {
  nlohmann::json j = BertClassifier();
  j.erase("label2id");
  j["id2label"] = {{"0", "a"}, {"2", "c"}};
  ExpectRejected(j, {"field 'id2label'", "contiguous", "id 1 is missing", "got ids 0, 2"});
  j["id2label"] = {{"1", "b"}, {"2", "c"}};
  ExpectRejected(j, {"field 'id2label'", "id 0 is missing"});
  j["id2label"] = {{"zero", "a"}};
  ExpectRejected(j, {"field 'id2label'", "key 'zero'"});
  j["id2label"] = {{"-1", "a"}};
  ExpectRejected(j, {"field 'id2label'", "key '-1'"});
  j["id2label"] = {{"0", 5}};
  ExpectRejected(j, {"field 'id2label'", "expected a string"});
  j["id2label"] = {{"0", "a"}, {"00", "b"}};
  ExpectRejected(j, {"field 'id2label'", "id 0 appears twice"});
  j["id2label"] = nlohmann::json::object();
  ExpectRejected(j, {"field 'id2label'", "non-empty"});

  // Keys sort numerically, not as strings.
  j["id2label"] = nlohmann::json::object();
  for (int i = 0; i < 12; ++i) j["id2label"][std::to_string(i)] = "L" + std::to_string(i);
  auto twelve = Parse(j);
  ASSERT_TRUE(twelve.ok()) << twelve.status();
  EXPECT_EQ(twelve->labels.size(), 12u);
  EXPECT_EQ(twelve->labels[2], "L2");
  EXPECT_EQ(twelve->labels[10], "L10");

  j = BertClassifier();
  j.erase("id2label");
  j.erase("label2id");
  j["num_labels"] = 5;
  auto five = Parse(j);
  ASSERT_TRUE(five.ok()) << five.status();
  EXPECT_THAT(five->labels, ElementsAre("LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3", "LABEL_4"));
  j["num_labels"] = 0;
  ExpectRejected(j, {"field 'num_labels'", "got 0"});

  // id2label wins over a disagreeing num_labels, as in transformers.
  j = BertClassifier();
  j["num_labels"] = 2;
  auto three = Parse(j);
  ASSERT_TRUE(three.ok()) << three.status();
  EXPECT_EQ(three->labels.size(), 3u);
}

TEST(ModelConfig, Label2IdIsInformational) {
  // A stale default label2id, as many fine-tuned configs carry, does not override id2label.
  nlohmann::json j = BertClassifier();
  j["label2id"] = {{"LABEL_0", 0}, {"LABEL_1", 1}, {"LABEL_2", 2}};
  auto c = Parse(j);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(c->labels, ElementsAre("negative", "neutral", "positive"));
  j["label2id"] = "negative";
  ExpectRejected(j, {"field 'label2id'", "expected an object"});
}

TEST(ModelConfig, ProblemType) {
  nlohmann::json j = BertClassifier();
  for (const auto& [name, expected] : std::vector<std::pair<std::string, ProblemType>>{
           {"single_label_classification", ProblemType::kSingleLabel},
           {"multi_label_classification", ProblemType::kMultiLabel},
           {"regression", ProblemType::kRegression}}) {
    j["problem_type"] = name;
    auto c = Parse(j);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->problem_type, expected);
  }
  j["problem_type"] = nullptr;
  EXPECT_EQ(Parse(j)->problem_type, ProblemType::kUnspecified);
  j["problem_type"] = "ordinal";
  ExpectRejected(j, {"field 'problem_type'", "'ordinal'", "regression"});
}

TEST(ModelConfig, SizesAndStructure) {
  nlohmann::json j = BertClassifier();
  j["num_attention_heads"] = 5;
  ExpectRejected(j, {"field 'num_attention_heads'", "hidden size 128", "not divisible by 5"});
  j = BertClassifier();
  j["hidden_size"] = 0;
  ExpectRejected(j, {"field 'hidden_size'", "expected an integer in [1, ", "got 0"});
  j["hidden_size"] = -768;
  ExpectRejected(j, {"field 'hidden_size'", "got -768"});
  j["hidden_size"] = "768";
  ExpectRejected(j, {"field 'hidden_size'", "got \"768\""});
  j["hidden_size"] = 768.5;
  ExpectRejected(j, {"field 'hidden_size'", "got 768.5"});
  j["hidden_size"] = 1LL << 40;
  ExpectRejected(j, {"field 'hidden_size'", "got 1099511627776"});
  j = BertClassifier();
  j["num_hidden_layers"] = 0;
  ExpectRejected(j, {"field 'num_hidden_layers'"});
  j = BertClassifier();
  j["type_vocab_size"] = 0;
  ExpectRejected(j, {"field 'type_vocab_size'"});
  j = BertClassifier();
  j["layer_norm_eps"] = 0;
  ExpectRejected(j, {"field 'layer_norm_eps'", "expected a positive number, got 0"});
  j = BertClassifier();
  j["pad_token_id"] = 1000;
  ExpectRejected(j, {"field 'pad_token_id'", "[0, 999]", "got 1000"});
  j["pad_token_id"] = nullptr;  // treated as unset
  EXPECT_EQ(Parse(j)->pad_token_id, 0);
  j = BertClassifier();
  j["position_embedding_type"] = "relative_key";
  ExpectRejected(j, {"field 'position_embedding_type'", "'relative_key'", "expected 'absolute'"});
  j = DistilBertSst2();
  j["n_heads"] = 7;
  ExpectRejected(j, {"field 'n_heads'", "not divisible by 7"});
  j = DistilBertSst2();
  j["sinusoidal_pos_embds"] = "no";
  ExpectRejected(j, {"field 'sinusoidal_pos_embds'", "expected true or false"});
}

TEST(ModelConfig, RealBertBaseUncasedConfig) {
  const std::string path = ::octet::testing::TestDataDir() + "/configs/bert-base-uncased.json";
  // The Hub file is a pre-training checkpoint: not servable as is.
  EXPECT_THAT(ModelConfig::FromFile(path).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path), HasSubstr("'BertForMaskedLM'"))));
  nlohmann::json j = nlohmann::json::parse(::octet::testing::ReadFileOrDie(path));
  j["architectures"] = {"BertForSequenceClassification"};
  auto c = Parse(j);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->hidden_size, 768);
  EXPECT_EQ(c->num_layers, 12);
  EXPECT_EQ(c->vocab_size, 30522);
  EXPECT_EQ(c->type_vocab_size, 2);
  EXPECT_FLOAT_EQ(c->layer_norm_eps, 1e-12f);
}

TEST(ModelConfig, Names) {
  EXPECT_STREQ(ActivationName(Activation::kGeluErf), "gelu_erf");
  EXPECT_STREQ(ActivationName(Activation::kGeluTanh), "gelu_tanh");
  EXPECT_STREQ(ActivationName(Activation::kRelu), "relu");
  EXPECT_STREQ(TaskName(TaskKind::kSequenceClassification), "sequence_classification");
  EXPECT_STREQ(TaskName(TaskKind::kQuestionAnswering), "question_answering");
  EXPECT_STREQ(FamilyName(ModelFamily::kBert), "bert");
  EXPECT_STREQ(FamilyName(ModelFamily::kDistilBert), "distilbert");
}

}  // namespace
}  // namespace octet
