// Label scoring (core/tasks/classification.h) on hand-made logits with literal expected values:
// which function the pipeline picks for each kind of model, softmax / sigmoid / none, the sort
// by score, top_k and ties. Expected numbers were computed apart from the library, with Python's
// math module: softmax(x)_i = exp(x_i) / sum_j exp(x_j), sigmoid(x) = 1 / (1 + exp(-x)).

#include <cmath>
#include <string>
#include <vector>

#include "core/tasks/classification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

ModelConfig Labels(std::vector<std::string> labels,
                   ProblemType problem_type = ProblemType::kUnspecified) {
  ModelConfig config;
  config.labels = std::move(labels);
  config.problem_type = problem_type;
  return config;
}

// The ids of `scores` in order.
std::vector<int32_t> Ids(const std::vector<LabelScore>& scores) {
  std::vector<int32_t> ids;
  for (const LabelScore& s : scores) ids.push_back(s.id);
  return ids;
}

TEST(TaskClassificationTest, DefaultFunctionFollowsTheProblemTypeAndLabelCount) {
  const ScoreFunction kDefault = ScoreFunction::kDefault;
  // Regression: raw values, whatever the label count.
  EXPECT_EQ(ResolveScoreFunction(Labels({"a"}, ProblemType::kRegression), kDefault),
            ScoreFunction::kNone);
  EXPECT_EQ(ResolveScoreFunction(Labels({"a", "b"}, ProblemType::kRegression), kDefault),
            ScoreFunction::kNone);
  // Multi-label: independent sigmoids even with many labels.
  EXPECT_EQ(ResolveScoreFunction(Labels({"a", "b", "c"}, ProblemType::kMultiLabel), kDefault),
            ScoreFunction::kSigmoid);
  // One label: sigmoid, also when declared single-label.
  EXPECT_EQ(ResolveScoreFunction(Labels({"a"}), kDefault), ScoreFunction::kSigmoid);
  EXPECT_EQ(ResolveScoreFunction(Labels({"a"}, ProblemType::kSingleLabel), kDefault),
            ScoreFunction::kSigmoid);
  // Several labels: softmax.
  EXPECT_EQ(ResolveScoreFunction(Labels({"a", "b"}), kDefault), ScoreFunction::kSoftmax);
  EXPECT_EQ(ResolveScoreFunction(Labels({"a", "b", "c"}, ProblemType::kSingleLabel), kDefault),
            ScoreFunction::kSoftmax);
}

TEST(TaskClassificationTest, RequestedFunctionWinsOverTheDefault) {
  const ModelConfig multi = Labels({"a", "b", "c"}, ProblemType::kMultiLabel);
  for (ScoreFunction f : {ScoreFunction::kSoftmax, ScoreFunction::kSigmoid, ScoreFunction::kNone}) {
    EXPECT_EQ(ResolveScoreFunction(multi, f), f);
    EXPECT_EQ(ResolveScoreFunction(Labels({"a"}, ProblemType::kRegression), f), f);
  }
}

TEST(TaskClassificationTest, SoftmaxOfThreeLabelsSortedByScore) {
  // softmax(1, 2, 3) = (0.0900306, 0.2447285, 0.6652410).
  const float logits[] = {1.f, 2.f, 3.f};
  const auto scores =
      ScoreLabels(logits, Labels({"neg", "neu", "pos"}), ScoreFunction::kDefault, 0);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_EQ(scores[0].label, "pos");
  EXPECT_EQ(scores[0].id, 2);
  EXPECT_NEAR(scores[0].score, 0.6652410f, 1e-6);
  EXPECT_EQ(scores[1].label, "neu");
  EXPECT_EQ(scores[1].id, 1);
  EXPECT_NEAR(scores[1].score, 0.2447285f, 1e-6);
  EXPECT_EQ(scores[2].label, "neg");
  EXPECT_EQ(scores[2].id, 0);
  EXPECT_NEAR(scores[2].score, 0.0900306f, 1e-6);
}

TEST(TaskClassificationTest, SoftmaxOfLargeLogitsIsFinite) {
  // exp(1000) overflows a float; softmax(1000, 1001) = softmax(0, 1) = (0.2689414, 0.7310586).
  const float logits[] = {1000.f, 1001.f};
  const auto scores = ScoreLabels(logits, Labels({"a", "b"}), ScoreFunction::kSoftmax, 0);
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].id, 1);
  EXPECT_NEAR(scores[0].score, 0.7310586f, 1e-6);
  EXPECT_EQ(scores[1].id, 0);
  EXPECT_NEAR(scores[1].score, 0.2689414f, 1e-6);
}

TEST(TaskClassificationTest, MultiLabelScoresAreIndependentSigmoids) {
  // sigmoid(2, 0, -1) = (0.8807971, 0.5, 0.2689414): they do not sum to 1 (softmax would give
  // 0.8437947, 0.1141952, 0.0420101).
  const float logits[] = {2.f, 0.f, -1.f};
  const auto scores =
      ScoreLabels(logits, Labels({"toxic", "insult", "threat"}, ProblemType::kMultiLabel),
                  ScoreFunction::kDefault, 0);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_THAT(Ids(scores), ::testing::ElementsAre(0, 1, 2));
  EXPECT_EQ(scores[0].label, "toxic");
  EXPECT_NEAR(scores[0].score, 0.8807971f, 1e-6);
  EXPECT_NEAR(scores[1].score, 0.5f, 1e-6);
  EXPECT_NEAR(scores[2].score, 0.2689414f, 1e-6);
}

TEST(TaskClassificationTest, SigmoidOfANegativeLogitIsBelowOneHalf) {
  // The top label of sigmoid(-2, 1.5) is the second: 0.8175745 against 0.1192029.
  const float logits[] = {-2.f, 1.5f};
  const auto scores = ScoreLabels(logits, Labels({"a", "b"}), ScoreFunction::kSigmoid, 0);
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].id, 1);
  EXPECT_NEAR(scores[0].score, 0.8175745f, 1e-6);
  EXPECT_EQ(scores[1].id, 0);
  EXPECT_NEAR(scores[1].score, 0.1192029f, 1e-6);
}

TEST(TaskClassificationTest, OneLabelIsASigmoid) {
  // sigmoid(-2) = 0.1192029: a single logit is not softmaxed to 1.
  const float logits[] = {-2.f};
  const auto scores = ScoreLabels(logits, Labels({"LABEL_0"}), ScoreFunction::kDefault, 0);
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].label, "LABEL_0");
  EXPECT_EQ(scores[0].id, 0);
  EXPECT_NEAR(scores[0].score, 0.1192029f, 1e-6);
}

TEST(TaskClassificationTest, RegressionReturnsTheRawValue) {
  const float one[] = {3.5f};  // not sigmoid(3.5) = 0.9706878
  const auto a =
      ScoreLabels(one, Labels({"score"}, ProblemType::kRegression), ScoreFunction::kDefault, 0);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].score, 3.5f);
  const float two[] = {-0.25f, -4.f};
  const auto b =
      ScoreLabels(two, Labels({"x", "y"}, ProblemType::kRegression), ScoreFunction::kDefault, 0);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].id, 0);
  EXPECT_EQ(b[0].score, -0.25f);
  EXPECT_EQ(b[1].id, 1);
  EXPECT_EQ(b[1].score, -4.f);
}

TEST(TaskClassificationTest, NoneSortsRawLogitsHighestFirst) {
  const float logits[] = {0.5f, -3.f, 7.25f, 2.f};
  const auto scores = ScoreLabels(logits, Labels({"a", "b", "c", "d"}), ScoreFunction::kNone, 0);
  ASSERT_EQ(scores.size(), 4u);
  EXPECT_THAT(Ids(scores), ::testing::ElementsAre(2, 3, 0, 1));
  EXPECT_EQ(scores[0].label, "c");
  EXPECT_EQ(scores[0].score, 7.25f);
  EXPECT_EQ(scores[1].score, 2.f);
  EXPECT_EQ(scores[2].score, 0.5f);
  EXPECT_EQ(scores[3].label, "b");
  EXPECT_EQ(scores[3].score, -3.f);
}

TEST(TaskClassificationTest, TopKKeepsTheBestLabels) {
  const float logits[] = {0.5f, -3.f, 7.25f, 2.f};
  const ModelConfig config = Labels({"a", "b", "c", "d"});
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, 1)), ::testing::ElementsAre(2));
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, 3)),
              ::testing::ElementsAre(2, 3, 0));
  // At or past the label count, 0 and negative: all labels.
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, 4)),
              ::testing::ElementsAre(2, 3, 0, 1));
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, 9)),
              ::testing::ElementsAre(2, 3, 0, 1));
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, 0)),
              ::testing::ElementsAre(2, 3, 0, 1));
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, -1)),
              ::testing::ElementsAre(2, 3, 0, 1));
}

TEST(TaskClassificationTest, TiesKeepLabelOrder) {
  // Two pairs of equal logits: each pair stays in id order, the higher pair first.
  const float logits[] = {0.5f, 2.f, 0.5f, 2.f, 1.f};
  const ModelConfig config = Labels({"a", "b", "c", "d", "e"});
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kNone, 0)),
              ::testing::ElementsAre(1, 3, 4, 0, 2));
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kSoftmax, 0)),
              ::testing::ElementsAre(1, 3, 4, 0, 2));
  EXPECT_THAT(Ids(ScoreLabels(logits, config, ScoreFunction::kSoftmax, 1)),
              ::testing::ElementsAre(1));
}

}  // namespace
}  // namespace octet
