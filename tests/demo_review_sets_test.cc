// The bundled demo sentiment models (deploy/models/sentiment and sentiment-roberta) keep their
// accuracy bars, through `octet eval` in FP32 and INT8: their held-out splits, the hand-written
// review set, the idiomatic set the generator was developed against, and the frozen idiomatic
// sets that are only scored (docs/demo-models.md). The committed models are trained by the seeded
// script (deterministic); each bar is the count they get, a little less on generated reviews.

#include <cstdint>
#include <string>

#include "client/eval.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::RepoDir;

std::string SentimentDir() { return RepoDir() + "/deploy/models/sentiment"; }
std::string SentimentRobertaDir() { return RepoDir() + "/deploy/models/sentiment-roberta"; }

// At least `min_correct` of the file's `examples` right in FP32 and in INT8.
void ExpectCorrectBothPrecisions(const std::string& model_dir, const std::string& data,
                                 int64_t examples, int64_t min_correct) {
  cli::EvalOptions options;
  options.model_dir = model_dir;
  options.data_path = data;
  options.warmup = 0;
  auto report = cli::RunEval(options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->examples, examples);
  EXPECT_GE(report->fp32.correct, min_correct) << report->fp32.correct << "/" << examples;
  EXPECT_GE(report->int8.correct, min_correct) << report->int8.correct << "/" << examples;
}

TEST(DemoModels, HandWrittenReviewsInt8) {
  cli::EvalOptions options;
  options.model_dir = SentimentDir();
  options.data_path = testing::TestDataDir() + "/sentiment_reviews.jsonl";
  options.warmup = 0;
  auto report = cli::RunEval(options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_GE(report->examples, 40);
  EXPECT_GE(report->int8.accuracy, 0.85) << report->int8.correct << "/" << report->examples;
  EXPECT_GE(report->fp32.accuracy, 0.85) << report->fp32.correct << "/" << report->examples;
}

// tools/demo/idiomatic_reviews.jsonl: 60 hand-written idiomatic reviews ("I would watch it again
// tomorrow.", "Save yourself the trouble and pick something else.") that the generator never
// produces. The committed model (seeded, deterministic) gets 58 of them right in both
// precisions; that is the bar (docs/demo-models.md, round 5).
TEST(DemoModels, IdiomaticReviewsBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentDir(), RepoDir() + "/tools/demo/idiomatic_reviews.jsonl", 60,
                              58);
}

// tools/demo/idiomatic_reviews_frozen.jsonl: 60 more, never used to develop the generator or the
// training data (only scored). The committed BERT model gets 57 right (95 %) in both precisions.
TEST(DemoModels, FrozenIdiomaticReviewsBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews_frozen.jsonl", 60, 57);
}

// The committed BERT model's held-out split: 990 / 1000 in FP32, 991 in INT8; the bar is a little
// less.
TEST(DemoModels, SentimentEvalSplitBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentDir(), SentimentDir() + "/eval.jsonl", 1000, 987);
}

// deploy/models/sentiment-roberta, trained with the seeded script (deterministic): 978 / 1000 of
// its held-out split, 58 / 60 hand-written reviews, 56 / 60 idiomatic reviews (the set the
// generator was developed against) and 56 / 60 of the frozen idiomatic set, the same in both
// precisions. The bars are those counts, less a little on the 1,000 generated reviews.
TEST(DemoModels, SentimentRobertaEvalSplitBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentRobertaDir(), SentimentRobertaDir() + "/eval.jsonl", 1000,
                              975);
}

TEST(DemoModels, SentimentRobertaHandWrittenBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentRobertaDir(),
                              testing::TestDataDir() + "/sentiment_reviews.jsonl", 60, 58);
}

TEST(DemoModels, SentimentRobertaIdiomaticBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentRobertaDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews.jsonl", 60, 56);
}

TEST(DemoModels, SentimentRobertaFrozenIdiomaticBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentRobertaDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews_frozen.jsonl", 60, 56);
}

// tools/demo/idiomatic_reviews_frozen2.jsonl: 60 more idiomatic reviews, written apart from both
// the generator and the written reviews of natural_reviews.jsonl (docs/demo-models.md), and
// only scored. The committed models: BERT 51 in both precisions, RoBERTa 54 in both.
TEST(DemoModels, SecondFrozenIdiomaticReviewsBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews_frozen2.jsonl", 60, 51);
  ExpectCorrectBothPrecisions(SentimentRobertaDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews_frozen2.jsonl", 60, 54);
}

// tools/demo/idiomatic_reviews_frozen3.jsonl: 60 more, only scored, written after the committed
// models' training reviews and sharing runs of 5 or more words with them in 35 of its reviews, so
// unseen only by models trained with data.test_run=5 (docs/demo-models.md, round 6). The
// committed models: BERT 55 in both precisions, RoBERTa 53 in both.
TEST(DemoModels, ThirdFrozenIdiomaticReviewsBothPrecisions) {
  ExpectCorrectBothPrecisions(SentimentDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews_frozen3.jsonl", 60, 55);
  ExpectCorrectBothPrecisions(SentimentRobertaDir(),
                              RepoDir() + "/tools/demo/idiomatic_reviews_frozen3.jsonl", 60, 53);
}

}  // namespace
}  // namespace octet
