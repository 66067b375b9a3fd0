// Request validation at the edge (server/request_validation.h): every bad field is
// INVALID_ARGUMENT naming the field and saying expected vs got, without echoing the input.

#include "server/request_validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

v1::ClassifyRequest Classify(std::initializer_list<const char*> texts) {
  v1::ClassifyRequest r;
  for (const char* t : texts) r.add_texts(t);
  return r;
}

TEST(ValidateClassify, AcceptsAGoodRequest) {
  RequestLimits limits;
  v1::ClassifyRequest r = Classify({"good", "bad"});
  r.add_text_pairs("x");
  r.add_text_pairs("y");
  r.set_top_k(2);
  r.set_function(v1::SCORE_FUNCTION_SIGMOID);
  ASSERT_OK(ValidateClassify(r, limits, 2));
}

TEST(ValidateClassify, NamesTheFieldAndSaysExpectedVsGot) {
  RequestLimits limits{3, 10};
  EXPECT_THAT(
      ValidateClassify(Classify({}), limits, 2),
      StatusIs(kInvalid, AllOf(HasSubstr("texts"), HasSubstr("1 to 3"), HasSubstr("got 0"))));
  EXPECT_THAT(ValidateClassify(Classify({"a", "b", "c", "d"}), limits, 2),
              StatusIs(kInvalid, HasSubstr("got 4")));
  EXPECT_THAT(ValidateClassify(Classify({"a", ""}), limits, 2),
              StatusIs(kInvalid, AllOf(HasSubstr("texts[1]"), HasSubstr("non-empty"))));
  EXPECT_THAT(ValidateClassify(Classify({"a", "this is too long"}), limits, 2),
              StatusIs(kInvalid, AllOf(HasSubstr("texts[1]"), HasSubstr("at most 10 bytes"),
                                       HasSubstr("got 16"), Not(HasSubstr("too long")))));
  v1::ClassifyRequest pairs = Classify({"a", "b"});
  pairs.add_text_pairs("x");
  EXPECT_THAT(
      ValidateClassify(pairs, limits, 2),
      StatusIs(kInvalid, AllOf(HasSubstr("text_pairs"), HasSubstr("(2)"), HasSubstr("got 1"))));
  v1::ClassifyRequest empty_pair = Classify({"a"});
  empty_pair.add_text_pairs("");
  EXPECT_THAT(ValidateClassify(empty_pair, limits, 2),
              StatusIs(kInvalid, HasSubstr("text_pairs[0]")));
  v1::ClassifyRequest k = Classify({"a"});
  k.set_top_k(-1);
  EXPECT_THAT(ValidateClassify(k, limits, 2),
              StatusIs(kInvalid, AllOf(HasSubstr("top_k"), HasSubstr("0 (all labels) to 2"))));
  k.set_top_k(3);
  EXPECT_THAT(ValidateClassify(k, limits, 2), StatusIs(kInvalid, HasSubstr("got 3")));
  v1::ClassifyRequest f = Classify({"a"});
  f.set_function(static_cast<v1::ScoreFunction>(9));
  EXPECT_THAT(ValidateClassify(f, limits, 2),
              StatusIs(kInvalid, AllOf(HasSubstr("function"), HasSubstr("got 9"))));
}

TEST(ValidateClassify, InvalidUtf8NamesTheByte) {
  v1::ClassifyRequest r = Classify({"ok"});
  r.add_texts(std::string("ab\xff", 3));
  EXPECT_THAT(ValidateClassify(r, RequestLimits{}, 2),
              StatusIs(kInvalid, AllOf(HasSubstr("texts[1]"), HasSubstr("byte offset 2"))));
}

TEST(ValidateClassify, NeverEchoesALongInput) {
  v1::ClassifyRequest r = Classify({});
  r.add_texts(std::string(5000, 'q'));
  absl::Status s = ValidateClassify(r, RequestLimits{64, 100}, 2);
  EXPECT_EQ(s.code(), kInvalid);
  EXPECT_LT(s.message().size(), 200u);
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("qqqq")));
}

v1::AnswerRequest Answer() {
  v1::AnswerRequest r;
  r.set_question("who?");
  r.set_context("Zoë did.");
  return r;
}

TEST(ValidateAnswer, DefaultsFollowThePipeline) {
  AnswerOptions o;
  int64_t max_q = 0;
  ASSERT_OK(ValidateAnswer(Answer(), RequestLimits{}, 512, &o, &max_q));
  EXPECT_EQ(o.top_k, 1);
  EXPECT_EQ(o.max_answer_len, 15);
  EXPECT_EQ(o.max_seq_len, 384);
  EXPECT_EQ(o.doc_stride, 128);
  EXPECT_EQ(max_q, 64);
  EXPECT_FALSE(o.handle_impossible_answer);
  ASSERT_OK(ValidateAnswer(Answer(), RequestLimits{}, 128, &o, &max_q));
  EXPECT_EQ(o.max_seq_len, 128);
  EXPECT_EQ(o.doc_stride, 64);
  v1::AnswerRequest r = Answer();
  r.set_max_seq_len(64);
  r.set_top_k(3);
  r.set_handle_impossible_answer(true);
  ASSERT_OK(ValidateAnswer(r, RequestLimits{}, 128, &o, &max_q));
  EXPECT_EQ(o.doc_stride, 32);
  EXPECT_EQ(o.top_k, 3);
  EXPECT_TRUE(o.handle_impossible_answer);
}

TEST(ValidateAnswer, RejectsBadFields) {
  AnswerOptions o;
  int64_t max_q = 0;
  const RequestLimits limits;
  v1::AnswerRequest r = Answer();
  r.set_question("");
  EXPECT_THAT(ValidateAnswer(r, limits, 128, &o, &max_q),
              StatusIs(kInvalid, HasSubstr("question")));
  r = Answer();
  r.set_context("");
  EXPECT_THAT(ValidateAnswer(r, limits, 128, &o, &max_q), StatusIs(kInvalid, HasSubstr("context")));
  r = Answer();
  r.set_top_k(0);
  EXPECT_THAT(
      ValidateAnswer(r, limits, 128, &o, &max_q),
      StatusIs(kInvalid, AllOf(HasSubstr("top_k"), HasSubstr("1 to 100"), HasSubstr("got 0"))));
  r = Answer();
  r.set_max_answer_len(0);
  EXPECT_THAT(ValidateAnswer(r, limits, 128, &o, &max_q),
              StatusIs(kInvalid, AllOf(HasSubstr("max_answer_len"), HasSubstr("got 0"))));
  r = Answer();
  r.set_max_seq_len(200);
  EXPECT_THAT(ValidateAnswer(r, limits, 128, &o, &max_q),
              StatusIs(kInvalid, AllOf(HasSubstr("max_seq_len"), HasSubstr("4 to 128"))));
  r = Answer();
  r.set_max_seq_len(64);
  r.set_doc_stride(64);
  EXPECT_THAT(ValidateAnswer(r, limits, 128, &o, &max_q),
              StatusIs(kInvalid, AllOf(HasSubstr("doc_stride"), HasSubstr("0 to 63"))));
  r = Answer();
  r.set_max_question_len(0);
  EXPECT_THAT(ValidateAnswer(r, limits, 128, &o, &max_q),
              StatusIs(kInvalid, HasSubstr("max_question_len")));
}

TEST(ValidateTokenize, ChecksTextPairAndLength) {
  v1::TokenizeRequest r;
  EXPECT_THAT(ValidateTokenize(r, RequestLimits{}), StatusIs(kInvalid, HasSubstr("text")));
  r.set_text("a");
  r.set_text_pair("");
  EXPECT_THAT(ValidateTokenize(r, RequestLimits{}), StatusIs(kInvalid, HasSubstr("text_pair")));
  r.clear_text_pair();
  r.set_max_length(-2);
  EXPECT_THAT(ValidateTokenize(r, RequestLimits{}), StatusIs(kInvalid, HasSubstr("max_length")));
}

}  // namespace
}  // namespace octet::server
