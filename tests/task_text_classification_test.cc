// The text-classification pipeline in core/tasks/text_classification.h on a small vocabulary:
// single texts and pairs, truncation to the model's limit (and whether tokens were lost), the
// too-long error without truncation, the unit of sequences, and scores from logits rows.

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/tasks/text_classification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ids:                                 0        1        2        3        4
const std::vector<std::string> kVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                         // 5    6      7      8     9      10   11     12
                                         "the", "cat", "sat", "on", "mat", "a", "dog", "."};

std::unique_ptr<Tokenizer> Toy() {
  auto t = Tokenizer::FromVocab(kVocab, NormalizerOptions());
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

TextClassificationOptions Limit(int64_t max_length, bool truncation) {
  TextClassificationOptions options;
  options.max_length = max_length;
  options.truncation = truncation;
  return options;
}

// The ids of sequence `s` of the unit.
std::vector<int32_t> Ids(const EncodedTexts& texts, int64_t s) {
  const SequenceBatch& b = texts.sequences;
  return {b.ids.begin() + b.starts[s], b.ids.begin() + b.starts[s + 1]};
}

std::vector<int32_t> TypeIds(const EncodedTexts& texts, int64_t s) {
  const SequenceBatch& b = texts.sequences;
  return {b.type_ids.begin() + b.starts[s], b.type_ids.begin() + b.starts[s + 1]};
}

TEST(TaskTextClassificationTest, SingleTextIsOneSequenceWithSpecialTokens) {
  auto tok = Toy();
  EncodedTexts texts;
  ASSERT_OK(EncodeText(*tok, {"The cat sat.", std::nullopt}, Limit(128, true), &texts));
  ASSERT_EQ(texts.size(), 1);
  EXPECT_THAT(Ids(texts, 0), ElementsAre(2, 5, 6, 7, 12, 3));
  EXPECT_THAT(TypeIds(texts, 0), ElementsAre(0, 0, 0, 0, 0, 0));
  EXPECT_THAT(texts.truncated, ElementsAre(false));
}

TEST(TaskTextClassificationTest, PairGetsSecondSegmentTypeIds) {
  auto tok = Toy();
  EncodedTexts texts;
  ASSERT_OK(EncodeText(*tok, {"a dog", "the cat"}, Limit(128, true), &texts));
  EXPECT_THAT(Ids(texts, 0), ElementsAre(2, 10, 11, 3, 5, 6, 3));
  EXPECT_THAT(TypeIds(texts, 0), ElementsAre(0, 0, 0, 0, 1, 1, 1));
}

TEST(TaskTextClassificationTest, TruncationCutsToExactlyTheLimit) {
  auto tok = Toy();
  EncodedTexts texts;
  // 6 words + 2 special tokens = 8 > 5: [CLS] the cat sat [SEP].
  ASSERT_OK(EncodeText(*tok, {"the cat sat on the mat", std::nullopt}, Limit(5, true), &texts));
  EXPECT_EQ(texts.sequences.num_tokens(), 5);
  EXPECT_THAT(Ids(texts, 0), ElementsAre(2, 5, 6, 7, 3));
  EXPECT_THAT(texts.truncated, ElementsAre(true));
}

TEST(TaskTextClassificationTest, InputExactlyAtTheLimitIsNotTruncated) {
  auto tok = Toy();
  EncodedTexts texts;
  ASSERT_OK(EncodeText(*tok, {"the cat sat", std::nullopt}, Limit(5, true), &texts));
  EXPECT_THAT(Ids(texts, 0), ElementsAre(2, 5, 6, 7, 3));
  EXPECT_THAT(texts.truncated, ElementsAre(false));
}

TEST(TaskTextClassificationTest, PairIsCutLongestFirst) {
  auto tok = Toy();
  EncodedTexts texts;
  // 6 + 2 words + 3 special tokens = 11 > 8: three tokens go, all from the longer first text.
  ASSERT_OK(EncodeText(*tok, {"the cat sat on the mat", "a dog"}, Limit(8, true), &texts));
  EXPECT_THAT(Ids(texts, 0), ElementsAre(2, 5, 6, 7, 3, 10, 11, 3));
  EXPECT_THAT(TypeIds(texts, 0), ElementsAre(0, 0, 0, 0, 0, 1, 1, 1));
  EXPECT_THAT(texts.truncated, ElementsAre(true));
}

TEST(TaskTextClassificationTest, TooLongWithoutTruncationIsOutOfRangeAndAddsNothing) {
  auto tok = Toy();
  EncodedTexts texts;
  ASSERT_OK(EncodeText(*tok, {"a dog", std::nullopt}, Limit(5, false), &texts));
  EXPECT_THAT(
      EncodeText(*tok, {"the cat sat on the mat", std::nullopt}, Limit(5, false), &texts),
      StatusIs(absl::StatusCode::kOutOfRange, "8 tokens, expected at most 5 (the model's limit)"));
  EXPECT_EQ(texts.size(), 1);
  EXPECT_EQ(texts.sequences.num_tokens(), 4);
  EXPECT_THAT(texts.truncated, ElementsAre(false));
}

TEST(TaskTextClassificationTest, TokenizerErrorIsInvalidArgumentAndAddsNothing) {
  auto tok = Toy();
  EncodedTexts texts;
  EXPECT_THAT(
      EncodeText(*tok, {"the \xff cat", std::nullopt}, Limit(128, true), &texts),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("invalid UTF-8 at byte offset 4")));
  EXPECT_EQ(texts.size(), 0);
  EXPECT_THAT(texts.sequences.ids, IsEmpty());
  EXPECT_THAT(texts.truncated, IsEmpty());
}

TEST(TaskTextClassificationTest, InputsAreLaidEndToEndInOrder) {
  auto tok = Toy();
  EncodedTexts texts;
  const TextClassificationOptions options = Limit(5, true);
  ASSERT_OK(EncodeText(*tok, {"the cat sat.", std::nullopt}, options, &texts));
  ASSERT_OK(EncodeText(*tok, {"a dog", std::nullopt}, options, &texts));
  ASSERT_OK(EncodeText(*tok, {"mat", "cat"}, options, &texts));
  EXPECT_EQ(texts.size(), 3);
  EXPECT_THAT(texts.sequences.starts, ElementsAre(0, 5, 9, 14));
  EXPECT_THAT(texts.sequences.ids,
              ElementsAre(2, 5, 6, 7, 3, /**/ 2, 10, 11, 3, /**/ 2, 9, 3, 6, 3));
  EXPECT_THAT(texts.truncated, ElementsAre(true, false, false));
}

ModelConfig TwoLabels(ProblemType problem_type = ProblemType::kUnspecified) {
  ModelConfig config;
  config.labels = {"NEGATIVE", "POSITIVE"};
  config.problem_type = problem_type;
  return config;
}

// Two rows of logits: softmax of {0, ln 3} is {1/4, 3/4}; {1, 1} is a tie.
Matrix TwoRows() {
  Matrix logits(2, 2);
  logits.row(0)[0] = 0.f;
  logits.row(0)[1] = std::log(3.f);
  logits.row(1)[0] = 1.f;
  logits.row(1)[1] = 1.f;
  return logits;
}

TEST(TaskTextClassificationTest, ScoresEachRowBestFirst) {
  TextClassificationOptions options;
  const auto scores = ScoreTexts(TwoRows(), TwoLabels(), options);
  ASSERT_EQ(scores.size(), 2u);
  ASSERT_EQ(scores[0].size(), 2u);
  EXPECT_EQ(scores[0][0].label, "POSITIVE");
  EXPECT_EQ(scores[0][0].id, 1);
  EXPECT_FLOAT_EQ(scores[0][0].score, 0.75f);
  EXPECT_EQ(scores[0][1].label, "NEGATIVE");
  EXPECT_FLOAT_EQ(scores[0][1].score, 0.25f);
  // A tie keeps label order.
  ASSERT_EQ(scores[1].size(), 2u);
  EXPECT_EQ(scores[1][0].id, 0);
  EXPECT_FLOAT_EQ(scores[1][0].score, 0.5f);
  EXPECT_EQ(scores[1][1].id, 1);
  EXPECT_FLOAT_EQ(scores[1][1].score, 0.5f);
}

TEST(TaskTextClassificationTest, ScoresHonourTopKAndFunction) {
  TextClassificationOptions options;
  options.top_k = 1;
  options.function = ScoreFunction::kSigmoid;
  const auto scores = ScoreTexts(TwoRows(), TwoLabels(), options);
  ASSERT_EQ(scores.size(), 2u);
  ASSERT_EQ(scores[0].size(), 1u);
  EXPECT_EQ(scores[0][0].id, 1);
  EXPECT_FLOAT_EQ(scores[0][0].score, 0.75f);  // sigmoid(ln 3) = 3 / 4
  ASSERT_EQ(scores[1].size(), 1u);
  EXPECT_EQ(scores[1][0].id, 0);
  EXPECT_FLOAT_EQ(scores[1][0].score, 0.7310586f);  // sigmoid(1)
}

TEST(TaskTextClassificationTest, RegressionScoresAreTheRawLogits) {
  const auto scores = ScoreTexts(TwoRows(), TwoLabels(ProblemType::kRegression), {});
  ASSERT_EQ(scores[0].size(), 2u);
  EXPECT_EQ(scores[0][0].id, 1);
  EXPECT_FLOAT_EQ(scores[0][0].score, std::log(3.f));
  EXPECT_EQ(scores[0][1].id, 0);
  EXPECT_FLOAT_EQ(scores[0][1].score, 0.f);
}

}  // namespace
}  // namespace octet
