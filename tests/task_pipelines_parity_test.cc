// The token-classification, zero-shot and rerank pipelines (core/tasks/) on the FP32 engine
// against the reference (tests/reference/pipelines.py on the PyTorch reference's logits), on the
// bert_ner, debertav3_ner, bert_nli and bert_rerank fixtures: labels and order equal, spans and
// words exact, scores within 1e-5.

#include <string>
#include <vector>

#include "core/models/model.h"
#include "core/tasks/rerank.h"
#include "core/tasks/text_classification.h"
#include "core/tasks/token_classification.h"
#include "core/tasks/token_limit.h"
#include "core/tasks/zero_shot.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::FixtureDir;
using testing::LoadReference;

constexpr double kScoreTolerance = 1e-5;

std::unique_ptr<Model> LoadFp32(const std::string& name) {
  LoadOptions options;
  options.precision.base = Precision::kFp32;
  auto model = Model::Load(FixtureDir(name), options);
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *std::move(model) : nullptr;
}

const std::pair<const char*, Aggregation> kStrategies[] = {{"none", Aggregation::kNone},
                                                           {"simple", Aggregation::kSimple},
                                                           {"first", Aggregation::kFirst},
                                                           {"average", Aggregation::kAverage},
                                                           {"max", Aggregation::kMax}};

void ExpectSameEntities(const std::vector<TokenEntity>& got, const nlohmann::json& want,
                        const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    const auto& w = want[i];
    const std::string label = w.contains("entity") ? w["entity"] : w["entity_group"];
    EXPECT_EQ(got[i].label, label) << what << " entity " << i;
    EXPECT_EQ(got[i].word, w["word"].get<std::string>()) << what << " entity " << i;
    EXPECT_EQ(got[i].start, w["start"].get<int64_t>()) << what << " entity " << i;
    EXPECT_EQ(got[i].end, w["end"].get<int64_t>()) << what << " entity " << i;
    EXPECT_NEAR(got[i].score, w["score"].get<double>(), kScoreTolerance) << what << " entity " << i;
    EXPECT_EQ(got[i].index, w.contains("index") ? w["index"].get<int64_t>() : -1) << what;
  }
}

// Token classification on a WordPiece model (bert_ner) and a Unigram one whose words begin with a
// ▁ piece (debertav3_ner): the pipeline tells subwords apart differently for each.
class TokenClassificationParity : public ::testing::TestWithParam<std::string> {};

TEST_P(TokenClassificationParity, EveryStrategyMatchesReference) {
  const auto model = LoadFp32(GetParam());
  ASSERT_NE(model, nullptr);
  const nlohmann::json ref = LoadReference(GetParam());
  Workspace ws;
  size_t entities = 0;
  for (const auto& input : ref["inputs"]) {
    const std::string text = input["text"];
    for (const auto& [name, aggregation] : kStrategies) {
      TokenClassificationOptions options;
      options.aggregation = aggregation;
      options.max_length = MaxTokens(*model);
      auto windows = EncodeForTagging(model->tokenizer(), text, options);
      ASSERT_TRUE(windows.ok()) << windows.status();
      ASSERT_EQ(windows->size(), 1u);
      ASSERT_EQ(windows->front().ids, input["ids"].get<std::vector<int32_t>>()) << text;
      SequenceBatch batch;
      batch.Add(windows->front().ids, windows->front().type_ids);
      Matrix logits;
      ASSERT_OK(model->Forward(batch, &ws, &logits));
      const auto got = DecodeEntities(model->tokenizer(), *windows, logits, 0, text,
                                      model->config().labels, options);
      ExpectSameEntities(got, input["pipeline"][name], text + " / " + name);
      entities += got.size();
    }
  }
  EXPECT_GT(entities, 0u);
  std::printf("[ pipelines ] %s: %zu entities over %zu inputs x 5 strategies agree\n",
              GetParam().c_str(), entities, ref["inputs"].size());
}

TEST_P(TokenClassificationParity, StrideWindowsMatchReference) {
  const auto model = LoadFp32(GetParam());
  ASSERT_NE(model, nullptr);
  const nlohmann::json c = LoadReference(GetParam())["stride"][0];
  const std::string text = c["text"];
  Workspace ws;
  for (const auto& [name, aggregation] : kStrategies) {
    if (aggregation == Aggregation::kNone) continue;  // refused with stride
    TokenClassificationOptions options;
    options.aggregation = aggregation;
    options.max_length = c["max_length"];
    options.stride = c["stride"].get<int64_t>();
    auto windows = EncodeForTagging(model->tokenizer(), text, options);
    ASSERT_TRUE(windows.ok()) << windows.status();
    ASSERT_EQ(windows->size(), c["windows"].size());
    SequenceBatch batch;
    for (size_t w = 0; w < windows->size(); ++w) {
      EXPECT_EQ((*windows)[w].ids, c["windows"][w]["ids"].get<std::vector<int32_t>>()) << w;
      batch.Add((*windows)[w].ids, (*windows)[w].type_ids);
    }
    Matrix logits;
    ASSERT_OK(model->Forward(batch, &ws, &logits));
    ExpectSameEntities(DecodeEntities(model->tokenizer(), *windows, logits, 0, text,
                                      model->config().labels, options),
                       c["pipeline"][name], std::string("stride / ") + name);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TokenClassificationParity,
                         ::testing::Values("bert_ner", "debertav3_ner"));

TEST(TaskPipelinesParityTest, ZeroShotMatchesReference) {
  const auto model = LoadFp32("bert_nli");
  ASSERT_NE(model, nullptr);
  const nlohmann::json ref = LoadReference("bert_nli");
  auto entailment = EntailmentId(model->config());
  ASSERT_TRUE(entailment.ok()) << entailment.status();
  EXPECT_EQ(*entailment, 2);
  Workspace ws;
  for (const auto& c : ref["zero_shot"]) {
    ZeroShotOptions options;
    options.hypothesis_template = c["hypothesis_template"];
    options.multi_label = c["multi_label"];
    options.max_length = MaxTokens(*model);
    const auto labels = c["candidate_labels"].get<std::vector<std::string>>();
    SequenceBatch batch;
    bool truncated = true;
    ASSERT_OK(EncodeZeroShot(model->tokenizer(), c["text"].get<std::string>(), labels, options,
                             &batch, &truncated));
    EXPECT_FALSE(truncated);
    ASSERT_EQ(batch.num_sequences(), static_cast<int64_t>(labels.size()));
    for (size_t i = 0; i < labels.size(); ++i) {
      const auto& input = ref["inputs"][c["inputs"][i].get<size_t>()];
      const auto& ids = input["ids"].get<std::vector<int32_t>>();
      EXPECT_EQ(std::vector<int32_t>(batch.ids.begin() + batch.starts[i],
                                     batch.ids.begin() + batch.starts[i + 1]),
                ids)
          << labels[i];
    }
    Matrix logits;
    ASSERT_OK(model->Forward(batch, &ws, &logits));
    const auto got = ScoreZeroShot(logits, 0, labels, *entailment, options.multi_label);
    const auto& want = c["result"];
    ASSERT_EQ(got.size(), want["labels"].size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].label, want["labels"][i].get<std::string>()) << c["text"] << " " << i;
      EXPECT_EQ(got[i].id, want["ids"][i].get<int>());
      EXPECT_NEAR(got[i].score, want["scores"][i].get<double>(), kScoreTolerance);
    }
  }
}

TEST(TaskPipelinesParityTest, RerankMatchesReference) {
  const auto model = LoadFp32("bert_rerank");
  ASSERT_NE(model, nullptr);
  const nlohmann::json ref = LoadReference("bert_rerank");
  auto label = RelevanceLabel(model->config());
  ASSERT_TRUE(label.ok()) << label.status();
  EXPECT_EQ(*label, 0);
  Workspace ws;
  for (const auto& c : ref["rerank"]) {
    TextClassificationOptions options;
    options.max_length = MaxTokens(*model);
    EncodedTexts texts;
    const std::string query = c["query"];
    for (const auto& t : c["texts"]) {
      const std::string text = t;
      ASSERT_OK(EncodeText(model->tokenizer(), TextInput{query, text}, options, &texts));
    }
    Matrix logits;
    ASSERT_OK(model->Forward(texts.sequences, &ws, &logits));
    for (const bool raw : {false, true}) {
      const auto got = RankTexts(logits, *label, raw, 0);
      const auto& want = c[raw ? "result_raw" : "result"];
      ASSERT_EQ(got.size(), want.size());
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].index, want[i]["index"].get<int64_t>()) << query << " rank " << i;
        EXPECT_NEAR(got[i].score, want[i]["score"].get<double>(), kScoreTolerance);
      }
    }
  }
}

}  // namespace
}  // namespace octet
