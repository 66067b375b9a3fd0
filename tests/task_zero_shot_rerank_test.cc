// The zero-shot (core/tasks/zero_shot.h) and rerank (core/tasks/rerank.h) post-processing on
// hand-made logits with literal expected values; the entailment / relevance label rules and the
// hypothesis template.

#include <string>
#include <vector>

#include "core/tasks/rerank.h"
#include "core/tasks/zero_shot.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

Matrix Rows(const std::vector<std::vector<float>>& rows) {
  Matrix m;
  m.Resize(static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows[0].size()));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) m.row(static_cast<int64_t>(r))[c] = rows[r][c];
  }
  return m;
}

ModelConfig WithLabels(std::vector<std::string> labels) {
  ModelConfig c;
  c.labels = std::move(labels);
  return c;
}

// One pair per candidate label, logits (contradiction, neutral, entailment).
const Matrix kPairs = Rows({{0, 1, 2}, {1, 0, 0.5f}, {-1, 0, 2}});
const std::vector<std::string> kCandidates = {"sports", "politics", "music"};

TEST(TaskZeroShotTest, EntailmentIsTheFirstLabelStartingWithEntail) {
  EXPECT_EQ(*EntailmentId(WithLabels({"contradiction", "neutral", "entailment"})), 2);
  EXPECT_EQ(*EntailmentId(WithLabels({"ENTAILMENT", "neutral", "contradiction"})), 0);
  EXPECT_EQ(*EntailmentId(WithLabels({"Entails", "entailment"})), 0);
  EXPECT_EQ(ContradictionId(2, 3), 0);
  EXPECT_EQ(ContradictionId(0, 3), 2);  // entailment first: contradiction is the last label
  const auto none = EntailmentId(WithLabels({"NEGATIVE", "POSITIVE"}));
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.status().message(),
            "zero-shot classification needs an NLI model with a label starting with \"entail\" "
            "(config.json id2label / label2id); this model's labels are [NEGATIVE, POSITIVE]");
}

TEST(TaskZeroShotTest, HypothesisPutsTheLabelInTheTemplate) {
  EXPECT_EQ(*Hypothesis(kDefaultHypothesisTemplate, "sports"), "This example is sports.");
  EXPECT_EQ(*Hypothesis("{} is the topic", "Café"), "Café is the topic");
  EXPECT_EQ(Hypothesis("No placeholder", "x").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TaskZeroShotTest, SingleLabelIsOneSoftmaxOfEntailmentAcrossLabels) {
  // softmax(2, 0.5, 2): sports and music tie at 0.4498; the later label comes first.
  const auto got = ScoreZeroShot(kPairs, 0, kCandidates, 2, /*multi_label=*/false);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].label, "music");
  EXPECT_EQ(got[0].id, 2);
  EXPECT_NEAR(got[0].score, 0.44981621765827423, 1e-6);
  EXPECT_EQ(got[1].label, "sports");
  EXPECT_NEAR(got[1].score, 0.44981621765827423, 1e-6);
  EXPECT_EQ(got[2].label, "politics");
  EXPECT_NEAR(got[2].score, 0.1003675646834517, 1e-6);
}

TEST(TaskZeroShotTest, MultiLabelIsEntailmentAgainstContradictionPerLabel) {
  const auto got = ScoreZeroShot(kPairs, 0, kCandidates, 2, /*multi_label=*/true);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].label, "music");
  EXPECT_NEAR(got[0].score, 0.9525741268224331, 1e-6);  // sigmoid(2 - (-1))
  EXPECT_EQ(got[1].label, "sports");
  EXPECT_NEAR(got[1].score, 0.8807970779778824, 1e-6);  // sigmoid(2 - 0)
  EXPECT_EQ(got[2].label, "politics");
  EXPECT_NEAR(got[2].score, 0.3775406687981454, 1e-6);  // sigmoid(0.5 - 1)
}

TEST(TaskZeroShotTest, OneLabelIsScoredAsMultiLabelFromItsRows) {
  // The second text of a request: its one pair is row 1.
  const auto got = ScoreZeroShot(kPairs, 1, {"politics"}, 2, /*multi_label=*/false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, 0);
  EXPECT_NEAR(got[0].score, 0.3775406687981454, 1e-6);
}

TEST(TaskRerankTest, RelevanceIsTheOnlyLabelOrLabelOne) {
  EXPECT_EQ(*RelevanceLabel(WithLabels({"LABEL_0"})), 0);
  EXPECT_EQ(*RelevanceLabel(WithLabels({"irrelevant", "relevant"})), 1);
  const auto three = RelevanceLabel(WithLabels({"a", "b", "c"}));
  EXPECT_EQ(three.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(three.status().message(),
            "reranking needs a cross-encoder with 1 label (or 2: label 1 is relevance); this "
            "model has 3 labels");
}

TEST(TaskRerankTest, RanksBySigmoidOrRawScoreWithIndexes) {
  const Matrix logits = Rows({{0.5f}, {-1.f}, {2.f}, {0.5f}});
  const auto ranked = RankTexts(logits, 0, /*raw_scores=*/false, 0);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].index, 2);
  EXPECT_NEAR(ranked[0].score, 0.8807970779778825, 1e-6);
  EXPECT_EQ(ranked[1].index, 0);  // equal scores keep text order
  EXPECT_EQ(ranked[2].index, 3);
  EXPECT_NEAR(ranked[2].score, 0.6224593312018546, 1e-6);
  EXPECT_EQ(ranked[3].index, 1);
  EXPECT_NEAR(ranked[3].score, 0.2689414213699951, 1e-6);
  const auto raw = RankTexts(logits, 0, /*raw_scores=*/true, 2);
  ASSERT_EQ(raw.size(), 2u);
  EXPECT_EQ(raw[0].index, 2);
  EXPECT_FLOAT_EQ(raw[0].score, 2.f);
  EXPECT_EQ(raw[1].index, 0);
  EXPECT_FLOAT_EQ(raw[1].score, 0.5f);
  // Two labels: column 1.
  const auto two = RankTexts(Rows({{5, -1}, {-5, 1}}), 1, true, 0);
  EXPECT_EQ(two[0].index, 1);
  EXPECT_FLOAT_EQ(two[0].score, 1.f);
}

}  // namespace
}  // namespace octet
