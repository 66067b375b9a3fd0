// The FP32 engine against the PyTorch reference, on every committed fixture: tokenization,
// logits for each input alone, a padding-free batch of all inputs, and a padded batch with an
// attention mask; plus the pipelines' post-processing.

#include <cstdio>

#include "core/models/model.h"
#include "core/tasks/classification.h"
#include "core/tasks/question_answering.h"
#include "core/tasks/token_limit.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::ExpectedOutputs;
using testing::FixtureDir;
using testing::LoadReference;
using testing::MaxRelativeError;
using testing::ModelOutputs;

// FP32 against FP32 PyTorch: max abs error, relative for logits above 1 in magnitude.
constexpr double kTolerance = 1e-4;

class ParityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    reference_ = LoadReference(GetParam());
    LoadOptions options;
    options.precision.base = Precision::kFp32;
    auto model = Model::Load(FixtureDir(GetParam()), options);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = *std::move(model);
  }

  absl::StatusOr<Encoding> Encode(const nlohmann::json& input) const {
    const std::string text = input["text"];
    if (input["text_pair"].is_null()) return model_->tokenizer().Encode(text, {});
    return model_->tokenizer().EncodePair(text, input["text_pair"].get<std::string>(), {});
  }

  nlohmann::json reference_;
  std::unique_ptr<Model> model_;
};

TEST_P(ParityTest, TokenizerMatchesReferenceIds) {
  for (const auto& input : reference_["inputs"]) {
    auto enc = Encode(input);
    ASSERT_TRUE(enc.ok()) << enc.status();
    EXPECT_EQ(enc->ids, input["ids"].get<std::vector<int32_t>>()) << input["text"];
    EXPECT_EQ(enc->type_ids, input["type_ids"].get<std::vector<int32_t>>()) << input["text"];
    EXPECT_EQ(enc->tokens, input["tokens"].get<std::vector<std::string>>()) << input["text"];
    std::vector<std::array<int64_t, 2>> offsets;
    for (const auto& o : input["offsets"])
      offsets.push_back({o[0].get<int64_t>(), o[1].get<int64_t>()});
    EXPECT_EQ(enc->offsets, offsets) << input["text"];
  }
}

TEST_P(ParityTest, EachInputAloneMatchesPyTorch) {
  double worst = 0;
  Workspace ws;
  for (const auto& input : reference_["inputs"]) {
    SequenceBatch batch;
    batch.Add(input["ids"].get<std::vector<int32_t>>(),
              input["type_ids"].get<std::vector<int32_t>>());
    Matrix logits;
    ASSERT_OK(model_->Forward(batch, &ws, &logits));
    const double err =
        MaxRelativeError(ModelOutputs(*model_, batch, logits, 0), ExpectedOutputs(input));
    EXPECT_LT(err, kTolerance) << input["text"];
    worst = std::max(worst, err);
  }
  std::printf("[ parity ] %s: fp32 single max error %.3g\n", GetParam().c_str(), worst);
}

TEST_P(ParityTest, PaddingFreeBatchMatchesPyTorch) {
  SequenceBatch batch;
  for (const auto& input : reference_["inputs"]) {
    batch.Add(input["ids"].get<std::vector<int32_t>>(),
              input["type_ids"].get<std::vector<int32_t>>());
  }
  Workspace ws(2);
  Matrix logits;
  ASSERT_OK(model_->Forward(batch, &ws, &logits));
  double worst = 0;
  for (int64_t s = 0; s < batch.num_sequences(); ++s) {
    const double err = MaxRelativeError(ModelOutputs(*model_, batch, logits, s),
                                        ExpectedOutputs(reference_["inputs"][s]));
    EXPECT_LT(err, kTolerance) << "input " << s;
    worst = std::max(worst, err);
  }
  std::printf("[ parity ] %s: fp32 padding-free batch max error %.3g\n", GetParam().c_str(), worst);
}

TEST_P(ParityTest, PaddedBatchWithAttentionMaskMatchesPyTorch) {
  // Every sequence padded to the longest with [PAD] and mask 0, as a padded HF batch is.
  size_t longest = 0;
  for (const auto& input : reference_["inputs"]) longest = std::max(longest, input["ids"].size());
  SequenceBatch batch;
  for (const auto& input : reference_["inputs"]) {
    auto ids = input["ids"].get<std::vector<int32_t>>();
    auto types = input["type_ids"].get<std::vector<int32_t>>();
    std::vector<int32_t> mask(ids.size(), 1);
    ids.resize(longest, model_->tokenizer().pad_id());
    types.resize(longest, 0);
    mask.resize(longest, 0);
    batch.Add(ids, types, mask);
  }
  Workspace ws;
  Matrix logits;
  ASSERT_OK(model_->Forward(batch, &ws, &logits));
  for (int64_t s = 0; s < batch.num_sequences(); ++s) {
    std::vector<float> got = ModelOutputs(*model_, batch, logits, s);
    const auto& want_entry = reference_["batch"][s];
    if (model_->config().task == TaskKind::kTokenClassification) {
      // The real tokens' rows only.
      got.resize(reference_["inputs"][s]["ids"].size() * model_->config().labels.size());
    } else if (model_->config().task == TaskKind::kQuestionAnswering) {
      // Compare the real tokens only: start logits then end logits.
      const size_t n = reference_["inputs"][s]["ids"].size();
      std::vector<float> real(got.begin(), got.begin() + n);
      real.insert(real.end(), got.begin() + longest, got.begin() + longest + n);
      got = real;
    }
    EXPECT_LT(MaxRelativeError(got, ExpectedOutputs(want_entry)), kTolerance) << "input " << s;
  }
}

TEST_P(ParityTest, PipelinePostProcessingMatchesReference) {
  // Token classification's pipeline: task_pipelines_parity_test.
  if (model_->config().task == TaskKind::kTokenClassification) return;
  Workspace ws;
  for (const auto& input : reference_["inputs"]) {
    const auto& want = input["pipeline"];
    SequenceBatch batch;
    batch.Add(input["ids"].get<std::vector<int32_t>>(),
              input["type_ids"].get<std::vector<int32_t>>());
    Matrix logits;
    ASSERT_OK(model_->Forward(batch, &ws, &logits));
    if (model_->config().task == TaskKind::kSequenceClassification) {
      auto labels = ScoreLabels(logits.row(0), model_->config(), ScoreFunction::kDefault, 0);
      EXPECT_EQ(labels[0].label, want["label"].get<std::string>());
      EXPECT_EQ(labels[0].id, want["label_id"].get<int>());
      EXPECT_NEAR(labels[0].score, want["score"].get<double>(), 1e-4);
      continue;
    }
    AnswerOptions options;
    options.max_seq_len = MaxTokens(*model_);
    options.doc_stride = std::min<int64_t>(options.max_seq_len / 2, 128);
    auto windows = EncodeQuestionContext(model_->tokenizer(), input["text"].get<std::string>(),
                                         input["text_pair"].get<std::string>(), options);
    ASSERT_TRUE(windows.ok()) << windows.status();
    ASSERT_EQ(windows->size(), 1u);
    WindowLogits w;
    for (int64_t t = 0; t < logits.rows; ++t) {
      w.start.push_back(logits.row(t)[0]);
      w.end.push_back(logits.row(t)[1]);
    }
    const std::string context = input["text_pair"];
    auto answers = DecodeAnswers(*windows, {w}, context, options);
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].text, want["answer"].get<std::string>());
    EXPECT_EQ(answers[0].start, want["start"].get<int64_t>());
    EXPECT_EQ(answers[0].end, want["end"].get<int64_t>());
    EXPECT_NEAR(answers[0].score, want["score"].get<double>(), 1e-4);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ParityTest, ::testing::ValuesIn(testing::FixtureNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace octet
