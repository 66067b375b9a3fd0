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

// Decoding on hand-made logits. Expected scores were computed apart from the library, with
// Python's math module: per window, softmax over [CLS] and the context tokens (every other token
// is masked), then score(i, j) = p_start(i) * p_end(j).

// The whole context in one window: [CLS] where is the cat ? [SEP] (0-6), the cat sat on the
// mat . (7-13, code points [0,3) [4,7) [8,11) [12,14) [15,18) [19,22) [22,23)), [SEP] (14).
std::vector<Encoding> OneWindow(const Tokenizer& tok) {
  auto windows = EncodeQuestionContext(tok, kQuestion, kContext, AnswerOptions());
  EXPECT_TRUE(windows.ok()) << windows.status();
  EXPECT_EQ(windows->size(), 1u);
  EXPECT_EQ(windows->at(0).size(), 15u);
  return *std::move(windows);
}

// Zero logits for every token of every window.
std::vector<WindowLogits> ZeroLogits(const std::vector<Encoding>& windows) {
  std::vector<WindowLogits> out;
  for (const Encoding& w : windows) {
    out.push_back({std::vector<float>(w.size(), 0.f), std::vector<float>(w.size(), 0.f)});
  }
  return out;
}

TEST(TaskQuestionAnsweringTest, MaxAnswerLenBoundsTheSpanInTokens) {
  auto tok = Toy();
  const std::vector<Encoding> windows = OneWindow(*tok);
  // Start on "cat" (token 8); end best on "on" (10), then "sat" (9), then "cat" (8).
  std::vector<WindowLogits> logits = ZeroLogits(windows);
  logits[0].start[8] = 10.f;
  logits[0].end[10] = 10.f;
  logits[0].end[9] = 5.f;
  logits[0].end[8] = 2.f;
  // p_start(8) = e^10 / (e^10 + 7); p_end = (e^10, e^5, e^2) / (e^10 + e^5 + e^2 + 5).
  AnswerOptions options;
  options.max_answer_len = 3;  // "cat sat on" is 3 tokens: allowed
  std::vector<AnswerSpan> a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text, "cat sat on");
  EXPECT_EQ(a[0].start, 4);
  EXPECT_EQ(a[0].end, 14);
  EXPECT_NEAR(a[0].score, 0.9924371, 1e-6);
  options.max_answer_len = 2;  // one token too long: "cat sat"
  a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text, "cat sat");
  EXPECT_EQ(a[0].start, 4);
  EXPECT_EQ(a[0].end, 11);
  EXPECT_NEAR(a[0].score, 0.006686989, 1e-8);
  options.max_answer_len = 1;  // single tokens only: "cat"
  a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text, "cat");
  EXPECT_EQ(a[0].start, 4);
  EXPECT_EQ(a[0].end, 7);
  EXPECT_NEAR(a[0].score, 0.0003329256, 1e-9);
}

TEST(TaskQuestionAnsweringTest, SpanNeverEndsBeforeItStarts) {
  auto tok = Toy();
  const std::vector<Encoding> windows = OneWindow(*tok);
  // Start best on "on" (10), end best on "cat" (8): (10, 8) is no span. (10, 10) scores
  // e^10/(e^10+7) * 1/(e^8+7) = 3.345704e-4, above (i <= 8, 8) at 1/(e^10+7) * e^8/(e^8+7).
  std::vector<WindowLogits> logits = ZeroLogits(windows);
  logits[0].start[10] = 10.f;
  logits[0].end[8] = 8.f;
  const std::vector<AnswerSpan> a = DecodeAnswers(windows, logits, kContext, AnswerOptions());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text, "on");
  EXPECT_EQ(a[0].start, 12);
  EXPECT_EQ(a[0].end, 14);
  EXPECT_NEAR(a[0].score, 3.345704e-4, 1e-9);
}

TEST(TaskQuestionAnsweringTest, NullAnswerOnlyWhenAskedFor) {
  auto tok = Toy();
  const std::vector<Encoding> windows = OneWindow(*tok);
  // [CLS] best for start and end; the context tokens are uniform.
  std::vector<WindowLogits> logits = ZeroLogits(windows);
  logits[0].start[0] = 10.f;
  logits[0].end[0] = 10.f;
  AnswerOptions options;
  options.top_k = 2;
  options.handle_impossible_answer = true;
  // Null: (e^10 / (e^10 + 7))^2 = 0.9993647; then the earliest of the equal spans, "The", at
  // (1 / (e^10 + 7))^2 = 2.0598442e-9.
  std::vector<AnswerSpan> a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].text, "");
  EXPECT_EQ(a[0].start, 0);
  EXPECT_EQ(a[0].end, 0);
  EXPECT_EQ(a[0].byte_start, 0);
  EXPECT_EQ(a[0].byte_end, 0);
  EXPECT_NEAR(a[0].score, 0.9993647, 1e-6);
  EXPECT_EQ(a[1].text, "The");
  EXPECT_NEAR(a[1].score, 2.0598442e-9, 1e-14);
  // Not asked for: [CLS] is never an answer.
  options.handle_impossible_answer = false;
  a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].text, "The");
  EXPECT_EQ(a[0].start, 0);
  EXPECT_EQ(a[0].end, 3);
  EXPECT_NEAR(a[0].score, 2.0598442e-9, 1e-14);
  EXPECT_EQ(a[1].text, "The cat");
}

TEST(TaskQuestionAnsweringTest, NullScoreIsTheLowestOverWindows) {
  auto tok = Toy();
  const std::vector<Encoding> windows = Windows(*tok);  // 12, 12 and 11 tokens
  ASSERT_EQ(windows.size(), 3u);
  std::vector<WindowLogits> logits = ZeroLogits(windows);
  // [CLS] logits 10, 1 and 10; each window allows [CLS] and 4, 4, 3 context tokens. Null per
  // window: (e^10/(e^10+4))^2 = 0.99964, (e/(e+4))^2 = 0.1637090, (e^10/(e^10+3))^2 = 0.99973.
  for (int w : {0, 2}) logits[w].start[0] = logits[w].end[0] = 10.f;
  logits[1].start[0] = logits[1].end[0] = 1.f;
  AnswerOptions options = SmallWindows();
  options.top_k = 2;
  options.handle_impossible_answer = true;
  const std::vector<AnswerSpan> a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].text, "");
  EXPECT_NEAR(a[0].score, 0.1637090, 1e-6);
  // Window 2's context "sat on the mat" is uniform at 1/(e+4) per token: "sat", (1/(e+4))^2.
  EXPECT_EQ(a[1].text, "sat");
  EXPECT_EQ(a[1].start, 8);
  EXPECT_EQ(a[1].end, 11);
  EXPECT_NEAR(a[1].score, 0.02215560, 1e-7);
}

TEST(TaskQuestionAnsweringTest, EqualAnswersInOneWindowAddUp) {
  auto tok = Toy();
  const std::vector<Encoding> windows = OneWindow(*tok);
  // "The" (7) and "the" (11) equally likely; single-token spans only, two kept: both are the
  // same answer case-insensitively, so one answer at 2 p^2 with p = e^5 / (2 e^5 + 6), at the
  // first one's offsets.
  std::vector<WindowLogits> logits = ZeroLogits(windows);
  for (int t : {7, 11}) logits[0].start[t] = logits[0].end[t] = 5.f;
  AnswerOptions options;
  options.top_k = 2;
  options.max_answer_len = 1;
  const std::vector<AnswerSpan> a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text, "The");
  EXPECT_EQ(a[0].start, 0);
  EXPECT_EQ(a[0].end, 3);
  EXPECT_NEAR(a[0].score, 0.4803829, 1e-6);
}

TEST(TaskQuestionAnsweringTest, TopKAnswersBestFirst) {
  auto tok = Toy();
  const std::vector<Encoding> windows = OneWindow(*tok);
  // Single tokens only; start and end logits 3 on "mat", 2 on "cat", 1 on "sat": the answers
  // come out in that order, whatever their order in the text.
  std::vector<WindowLogits> logits = ZeroLogits(windows);
  logits[0].start[12] = logits[0].end[12] = 3.f;
  logits[0].start[8] = logits[0].end[8] = 2.f;
  logits[0].start[9] = logits[0].end[9] = 1.f;
  AnswerOptions options;
  options.top_k = 3;
  options.max_answer_len = 1;
  const std::vector<AnswerSpan> a = DecodeAnswers(windows, logits, kContext, options);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].text, "mat");
  EXPECT_EQ(a[1].text, "cat");
  EXPECT_EQ(a[2].text, "sat");
  // Z = e^3 + e^2 + e + 5 (the other 4 context tokens and [CLS] at 0): (e^3/Z)^2 = 0.3257297,
  // (e^2/Z)^2 = 0.0440827, (e/Z)^2 = 0.0059659.
  EXPECT_NEAR(a[0].score, 0.3257297, 1e-6);
  EXPECT_NEAR(a[1].score, 0.0440827, 1e-7);
  EXPECT_NEAR(a[2].score, 0.0059659, 1e-7);
}

// A context with accents (2-byte code points) and a word split into 3 pieces.
// ids:                                          0        1        2        3        4
const std::vector<std::string> kWordsVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                              // 5    6     7      8    9    10      11    12
                                              "who", "?", "zoe", "'", "s", "cafe", "is", "un",
                                              // 13        14        15      16
                                              "##believ", "##ably", "cozy", "."};
// Code points: Zoë [0,3) ' [3,4) s [4,5) café [6,10) is [11,13) unbelievably [14,26) cozy
// [27,31) . [31,32); bytes: Zoë [0,4) café [7,12) unbelievably [16,28) cozy [29,33).
constexpr char kWordsContext[] = "Zo\xc3\xab's caf\xc3\xa9 is unbelievably cozy.";

TEST(TaskQuestionAnsweringTest, AnswersAreWordAlignedWithCodePointAndByteOffsets) {
  auto tok = Tokenizer::FromVocab(kWordsVocab, NormalizerOptions());
  ASSERT_TRUE(tok.ok()) << tok.status();
  auto windows = EncodeQuestionContext(**tok, "Who?", kWordsContext, AnswerOptions());
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_EQ(windows->size(), 1u);
  // [CLS] who ? [SEP] zoe ' s cafe is un ##believ ##ably cozy . [SEP]
  ASSERT_THAT(windows->at(0).ids, ElementsAre(2, 5, 6, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 3));
  std::vector<WindowLogits> logits = ZeroLogits(*windows);
  auto best = [&](int start, int end, bool align) {
    std::vector<WindowLogits> l = logits;
    l[0].start[start] = 10.f;
    l[0].end[end] = 10.f;
    AnswerOptions options;
    options.align_to_words = align;
    std::vector<AnswerSpan> a = DecodeAnswers(*windows, l, kWordsContext, options);
    EXPECT_EQ(a.size(), 1u);
    return a.empty() ? AnswerSpan() : a[0];
  };
  // "##believ" alone: its whole word when aligned, the piece itself when not.
  AnswerSpan a = best(10, 10, true);
  EXPECT_EQ(a.text, "unbelievably");
  EXPECT_EQ(a.start, 14);
  EXPECT_EQ(a.end, 26);
  EXPECT_EQ(a.byte_start, 16);
  EXPECT_EQ(a.byte_end, 28);
  a = best(10, 10, false);
  EXPECT_EQ(a.text, "believ");
  EXPECT_EQ(a.start, 16);
  EXPECT_EQ(a.end, 22);
  EXPECT_EQ(a.byte_start, 18);
  EXPECT_EQ(a.byte_end, 24);
  // "cafe" to "##believ": the accented word by its original text, the end widened to the word.
  a = best(7, 10, true);
  EXPECT_EQ(a.text, "caf\xc3\xa9 is unbelievably");
  EXPECT_EQ(a.start, 6);
  EXPECT_EQ(a.end, 26);
  EXPECT_EQ(a.byte_start, 7);
  EXPECT_EQ(a.byte_end, 28);
  a = best(7, 10, false);
  EXPECT_EQ(a.text, "caf\xc3\xa9 is unbeliev");
  EXPECT_EQ(a.start, 6);
  EXPECT_EQ(a.end, 22);
  EXPECT_EQ(a.byte_start, 7);
  EXPECT_EQ(a.byte_end, 24);
  // "zoe": 3 code points, 4 bytes.
  a = best(4, 4, true);
  EXPECT_EQ(a.text, "Zo\xc3\xab");
  EXPECT_EQ(a.start, 0);
  EXPECT_EQ(a.end, 3);
  EXPECT_EQ(a.byte_start, 0);
  EXPECT_EQ(a.byte_end, 4);
}

}  // namespace
}  // namespace octet
