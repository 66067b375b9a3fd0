// The question-answering pipeline in core/tasks/question_answering.h on a small vocabulary: the
// default window settings, stride windows laid out as one sequence each, the model's [tokens, 2]
// logits split back per window, and answers decoded from them (merged across windows).

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/tasks/question_answering.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// ids:                                 0        1        2        3        4
const std::vector<std::string> kVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                         // 5    6      7      8     9      10       11    12
                                         "the", "cat", "sat", "on", "mat", "where", "is", "?",
                                         // 13
                                         "."};

constexpr char kQuestion[] = "Where is the cat?";       // 5 tokens
constexpr char kContext[] = "The cat sat on the mat.";  // 7 tokens

std::unique_ptr<Tokenizer> Toy() {
  auto t = Tokenizer::FromVocab(kVocab, NormalizerOptions());
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

// Windows of 12 tokens: [CLS] + 5 question tokens + [SEP] + 4 context tokens + [SEP], the next
// window starting 2 context tokens before the previous one ended.
AnswerOptions SmallWindows() {
  AnswerOptions options;
  options.max_seq_len = 12;
  options.doc_stride = 2;
  return options;
}

std::vector<Encoding> Windows(const Tokenizer& tok) {
  auto windows = EncodeQuestionContext(tok, kQuestion, kContext, SmallWindows());
  EXPECT_TRUE(windows.ok()) << windows.status();
  return windows.ok() ? *std::move(windows) : std::vector<Encoding>();
}

TEST(TaskQuestionAnsweringTest, DefaultOptionsFollowTheModelLimit) {
  const AnswerOptions big = DefaultAnswerOptions(512);
  EXPECT_EQ(big.max_seq_len, 384);
  EXPECT_EQ(big.doc_stride, 128);
  EXPECT_EQ(big.top_k, 1);
  EXPECT_EQ(big.max_answer_len, 15);
  EXPECT_FALSE(big.handle_impossible_answer);
  EXPECT_TRUE(big.align_to_words);
  const AnswerOptions at_256 = DefaultAnswerOptions(256);
  EXPECT_EQ(at_256.max_seq_len, 256);
  EXPECT_EQ(at_256.doc_stride, 128);
  const AnswerOptions small = DefaultAnswerOptions(100);
  EXPECT_EQ(small.max_seq_len, 100);
  EXPECT_EQ(small.doc_stride, 50);
}

TEST(TaskQuestionAnsweringTest, ContextIsSplitIntoStrideWindows) {
  auto tok = Toy();
  const std::vector<Encoding> windows = Windows(*tok);
  ASSERT_EQ(windows.size(), 3u);
  // Context tokens [0, 4), [2, 6), [4, 7).
  EXPECT_THAT(windows[0].ids, ElementsAre(2, 10, 11, 5, 6, 12, 3, 5, 6, 7, 8, 3));
  EXPECT_THAT(windows[1].ids, ElementsAre(2, 10, 11, 5, 6, 12, 3, 7, 8, 5, 9, 3));
  EXPECT_THAT(windows[2].ids, ElementsAre(2, 10, 11, 5, 6, 12, 3, 5, 9, 13, 3));
}

TEST(TaskQuestionAnsweringTest, WindowsAreOneSequenceEach) {
  auto tok = Toy();
  const std::vector<Encoding> windows = Windows(*tok);
  SequenceBatch batch;
  batch.Add({7, 7}, {});  // something already in the batch
  AddWindows(windows, &batch);
  EXPECT_EQ(batch.num_sequences(), 4);
  EXPECT_THAT(batch.starts, ElementsAre(0, 2, 14, 26, 37));
  const std::vector<int32_t> second(batch.ids.begin() + 14, batch.ids.begin() + 26);
  EXPECT_THAT(second, ElementsAre(2, 10, 11, 5, 6, 12, 3, 7, 8, 5, 9, 3));
  const std::vector<int32_t> second_types(batch.type_ids.begin() + 14, batch.type_ids.begin() + 26);
  EXPECT_THAT(second_types, ElementsAre(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1));
}

TEST(TaskQuestionAnsweringTest, LogitsAreSplitPerWindowFromTheFirstRow) {
  auto tok = Toy();
  const std::vector<Encoding> windows = Windows(*tok);
  // Three rows of another request, then the windows' 12 + 12 + 11 rows; row r holds
  // {r + 0.5, -r}.
  Matrix logits(3 + 35, 2);
  for (int64_t r = 0; r < logits.rows; ++r) {
    logits.row(r)[0] = static_cast<float>(r) + 0.5f;
    logits.row(r)[1] = -static_cast<float>(r);
  }
  const std::vector<WindowLogits> split = SplitWindowLogits(windows, logits, 3);
  ASSERT_EQ(split.size(), 3u);
  EXPECT_THAT(split[0].start, ElementsAre(3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f, 9.5f, 10.5f, 11.5f,
                                          12.5f, 13.5f, 14.5f));
  EXPECT_THAT(split[0].end, ElementsAre(-3.f, -4.f, -5.f, -6.f, -7.f, -8.f, -9.f, -10.f, -11.f,
                                        -12.f, -13.f, -14.f));
  EXPECT_THAT(split[1].start, ElementsAre(15.5f, 16.5f, 17.5f, 18.5f, 19.5f, 20.5f, 21.5f, 22.5f,
                                          23.5f, 24.5f, 25.5f, 26.5f));
  EXPECT_THAT(split[2].start, ElementsAre(27.5f, 28.5f, 29.5f, 30.5f, 31.5f, 32.5f, 33.5f, 34.5f,
                                          35.5f, 36.5f, 37.5f));
  EXPECT_THAT(split[2].end, ElementsAre(-27.f, -28.f, -29.f, -30.f, -31.f, -32.f, -33.f, -34.f,
                                        -35.f, -36.f, -37.f));
}

TEST(TaskQuestionAnsweringTest, AnswersFromSplitLogitsMergeAcrossWindows) {
  auto tok = Toy();
  const std::vector<Encoding> windows = Windows(*tok);
  // All logits 0, except that the second window points at "mat" (its token 10) for start and end.
  Matrix logits(35, 2);
  for (float& x : logits.data) x = 0.f;
  logits.row(12 + 10)[0] = 10.f;
  logits.row(12 + 10)[1] = 10.f;
  AnswerOptions options = SmallWindows();
  options.top_k = 2;
  const std::vector<AnswerSpan> answers =
      DecodeAnswers(windows, SplitWindowLogits(windows, logits), kContext, options);
  ASSERT_EQ(answers.size(), 2u);
  // Window 2: [CLS] and its 4 context tokens are allowed; "mat" has e^10 of e^10 + 4 for the
  // start and the same for the end.
  const double p = std::exp(10.0) / (std::exp(10.0) + 4.0);
  EXPECT_EQ(answers[0].text, "mat");
  EXPECT_EQ(answers[0].start, 19);
  EXPECT_EQ(answers[0].end, 22);
  EXPECT_EQ(answers[0].byte_start, 19);
  EXPECT_EQ(answers[0].byte_end, 22);
  EXPECT_NEAR(answers[0].score, p * p, 1e-6);
  // Windows 1 and 3 are uniform (1/5 and 1/4 per token); each ranks "the" first (the earliest
  // of equal spans), and the two add up, keeping the first window's offsets.
  EXPECT_EQ(answers[1].text, "The");
  EXPECT_EQ(answers[1].start, 0);
  EXPECT_EQ(answers[1].end, 3);
  EXPECT_NEAR(answers[1].score, 1.0 / 25 + 1.0 / 16, 1e-6);
}

}  // namespace
}  // namespace octet
