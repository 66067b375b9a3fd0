// Bad input, one RPC per case: the right code, a message of at most 200 bytes that names the
// problem and never echoes the input; oversized messages are refused by gRPC; odd but valid
// text is answered, a 512 KiB word costing no more time than the same bytes in shorter words;
// bytes protobuf cannot parse get INVALID_ARGUMENT naming the field; the server keeps serving
// throughout.

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ServerProcess;

// Every text a case sends is built from this, so an echo is easy to spot.
constexpr char kMarker[] = "qzxqzx";
constexpr int64_t kMaxTextBytes = 600000;

std::string Marked(size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += kMarker;
  s.resize(bytes);
  return s;
}

class ServerBadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = ServerProcess::Start(
        {testing::ModelFlag("cls", "bert_cls2"), testing::ModelFlag("qa", "distil_qa"),
         "--max_texts_per_request=4", "--max_text_bytes=" + std::to_string(kMaxTextBytes),
         "--self_check=false"},
        /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    channel_ = new std::shared_ptr<grpc::Channel>(server_->NewChannel());
    stub_ = v1::Inference::NewStub(*channel_).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete channel_;
    delete server_;
  }
  void TearDown() override {
    // Whatever the case sent, the server still answers.
    EXPECT_TRUE(testing::ClassifyOnce(stub_, "still fine", absl::Seconds(10), "cls").status.ok());
  }

  static grpc::Status Classify(const v1::ClassifyRequest& r, v1::ClassifyResponse* resp = nullptr) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    v1::ClassifyResponse local;
    return stub_->Classify(&ctx, r, resp != nullptr ? resp : &local);
  }
  static grpc::Status Answer(const v1::AnswerRequest& r) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    v1::AnswerResponse resp;
    return stub_->Answer(&ctx, r, &resp);
  }
  // Sends `wire` as the request of `method` ("/octet.v1.Inference/Classify"), unparsed.
  static grpc::Status SendRaw(const std::string& method, const std::string& wire) {
    grpc::GenericStub generic(*channel_);
    grpc::Slice slice(wire);
    grpc::ByteBuffer request(&slice, 1), response;
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    grpc::Status status;
    absl::Notification done;
    generic.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
      status = std::move(s);
      done.Notify();
    });
    done.WaitForNotification();
    return status;
  }

  static ServerProcess* server_;
  static std::shared_ptr<grpc::Channel>* channel_;
  static v1::Inference::Stub* stub_;
};
ServerProcess* ServerBadInput::server_ = nullptr;
std::shared_ptr<grpc::Channel>* ServerBadInput::channel_ = nullptr;
v1::Inference::Stub* ServerBadInput::stub_ = nullptr;

v1::ClassifyRequest Texts(std::vector<std::string> texts) {
  v1::ClassifyRequest r;
  r.set_model("cls");
  for (std::string& t : texts) r.add_texts(std::move(t));
  return r;
}

v1::AnswerRequest Question() {
  v1::AnswerRequest r;
  r.set_model("qa");
  r.set_question(std::string("where is the ") + kMarker + "?");
  r.set_context(std::string("The ") + kMarker + " is in Paris.");
  return r;
}

struct Case {
  const char* name;
  std::function<grpc::Status()> call;
  grpc::StatusCode code;
  const char* names;  // what the message must mention
};

// A field number's length-delimited wire bytes (field < 16, payload < 128 bytes).
std::string LengthDelimited(int field, const std::string& payload) {
  return std::string(1, static_cast<char>(field << 3 | 2)) +
         std::string(1, static_cast<char>(payload.size())) + payload;
}

TEST_F(ServerBadInput, EveryCaseGetsItsCodeAndAShortMessageWithoutTheInput) {
  const grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
  std::string many_tokens;
  for (int i = 0; i < 80; ++i) many_tokens += std::string(kMarker) + ". ";
  const std::string invalid_utf8 = std::string(kMarker) + "\xC3\x28\xFF";
  const std::vector<Case> cases = {
      {"empty texts list", [] { return Classify(Texts({})); }, kInvalid, "texts: expected 1 to 4"},
      {"too many texts",
       [] {
         return Classify(Texts({"a", "b", "c", "d", "e"}));
       },
       kInvalid, "got 5"},
      {"empty text",
       [] {
         return Classify(Texts({Marked(10), ""}));
       },
       kInvalid, "texts[1]: expected a non-empty text"},
      {"text over the byte limit", [] { return Classify(Texts({Marked(kMaxTextBytes + 1)})); },
       kInvalid, "texts[0]: expected at most 600000 bytes"},
      {"pairs of another length",
       [] {
         v1::ClassifyRequest r = Texts({Marked(10), Marked(12)});
         r.add_text_pairs(Marked(9));
         return Classify(r);
       },
       kInvalid, "text_pairs: expected none or one per text (2), got 1"},
      {"too many tokens without truncate", [&] { return Classify(Texts({many_tokens})); }, kInvalid,
       "expected at most 128"},
      {"negative top_k",
       [] {
         v1::ClassifyRequest r = Texts({Marked(10)});
         r.set_top_k(-1);
         return Classify(r);
       },
       kInvalid, "top_k"},
      {"top_k over the labels",
       [] {
         v1::ClassifyRequest r = Texts({Marked(10)});
         r.set_top_k(3);
         return Classify(r);
       },
       kInvalid, "top_k: expected 0 (all labels) to 2"},
      {"answer top_k 0",
       [] {
         v1::AnswerRequest r = Question();
         r.set_top_k(0);
         return Answer(r);
       },
       kInvalid, "top_k: expected 1 to 100, got 0"},
      {"answer top_k huge",
       [] {
         v1::AnswerRequest r = Question();
         r.set_top_k(1 << 30);
         return Answer(r);
       },
       kInvalid, "top_k: expected 1 to 100"},
      {"max_answer_len 0",
       [] {
         v1::AnswerRequest r = Question();
         r.set_max_answer_len(0);
         return Answer(r);
       },
       kInvalid, "max_answer_len: expected 1 to"},
      {"max_answer_len huge",
       [] {
         v1::AnswerRequest r = Question();
         r.set_max_answer_len(2000000000);
         return Answer(r);
       },
       kInvalid, "max_answer_len: expected 1 to"},
      {"doc_stride = max_seq_len",
       [] {
         v1::AnswerRequest r = Question();
         r.set_max_seq_len(32);
         r.set_doc_stride(32);
         return Answer(r);
       },
       kInvalid, "doc_stride: expected 0 to 31, got 32"},
      {"unknown model",
       [] {
         v1::ClassifyRequest r = Texts({Marked(10)});
         r.set_model("nope");
         return Classify(r);
       },
       grpc::StatusCode::NOT_FOUND, "model: expected one of 'cls', 'qa'"},
      {"path-like model name",
       [] {
         v1::ClassifyRequest r = Texts({Marked(10)});
         r.set_model("../x");
         return Classify(r);
       },
       kInvalid, "model: expected a name of 1 to 128 letters"},
      {"answer on a classifier",
       [] {
         v1::AnswerRequest r = Question();
         r.set_model("cls");
         return Answer(r);
       },
       grpc::StatusCode::FAILED_PRECONDITION, "model 'cls' does sequence classification"},
      {"2 MiB message",
       [] {
         return Classify(Texts({Marked(500000), Marked(500000), Marked(500000), Marked(600000)}));
       },
       grpc::StatusCode::RESOURCE_EXHAUSTED, "larger than max"},
      {"invalid UTF-8 in texts",
       [&] {
         return SendRaw("/octet.v1.Inference/Classify",
                        LengthDelimited(1, "cls") + LengthDelimited(2, invalid_utf8));
       },
       kInvalid, "texts: expected UTF-8 text, got invalid UTF-8 bytes"},
      {"invalid UTF-8 in the question",
       [&] {
         return SendRaw("/octet.v1.Inference/Answer", LengthDelimited(1, "qa") +
                                                          LengthDelimited(2, invalid_utf8) +
                                                          LengthDelimited(3, "The context."));
       },
       kInvalid, "question: expected UTF-8 text"},
      {"invalid UTF-8 in a tokenize text",
       [&] {
         return SendRaw("/octet.v1.Inference/Tokenize",
                        LengthDelimited(1, "cls") + LengthDelimited(2, invalid_utf8));
       },
       kInvalid, "text: expected UTF-8 text"},
      {"bytes that are no message",
       [] { return SendRaw("/octet.v1.Inference/Classify", "\x12\x7f" + std::string(kMarker)); },
       kInvalid, "request: expected a serialized octet.v1.ClassifyRequest message"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), c.code) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(c.names));
    EXPECT_LE(s.error_message().size(), 200u) << s.error_message();
    EXPECT_THAT(s.error_message(), Not(HasSubstr(kMarker)));
    EXPECT_THAT(s.error_message(), Not(HasSubstr("../x")));
  }
}

TEST_F(ServerBadInput, TextWithNulBytesIsAnswered) {
  v1::ClassifyResponse resp;
  const grpc::Status s = Classify(Texts({std::string("good\0food\0\0here", 15)}), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(resp.results_size(), 1);
  EXPECT_EQ(resp.results(0).labels_size(), 2);
}

TEST_F(ServerBadInput, HalfAMegabyteWordCostsNoMoreThanTheSameBytesInEightWords) {
  // 512 KiB without a space: one "word" far beyond WordPiece's per-word limit, answered as
  // [CLS] [UNK] [SEP]. What must not happen is work that grows faster than the word (a per-word
  // search quadratic in its length, say). So the server's own time to validate and tokenize it
  // (timing.tokenize_ns, before any queue or model) is compared with that for the same bytes
  // cut into eight words of 64 KiB, measured in the same test and interleaved with it: linear
  // work costs the same for both, work quadratic in a word's length 8 times as much. The two
  // texts are equally long, so a busy machine stretches both alike; each is sent several times
  // and its fastest time kept (a stall makes one call slow, a slow algorithm every call).
  constexpr size_t kBytes = 512 * 1024;
  constexpr int kWords = 8;
  constexpr double kMaxRatio = 3;
  constexpr int kRounds = 4;
  std::string words(kBytes, 'x');
  for (int w = 1; w < kWords; ++w) words[w * kBytes / kWords - 1] = ' ';
  // Sends `text`; its tokenize time, or infinity after a failed check.
  auto tokenize_time = [&](const std::string& text, int unknown_words) {
    v1::ClassifyRequest r = Texts({text});
    r.set_truncate(true);
    v1::ClassifyResponse resp;
    const grpc::Status s = Classify(r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok() || resp.results_size() != 1) return absl::InfiniteDuration();
    // What the model ran on is bounded whatever the length: [CLS], one [UNK] a word, [SEP].
    EXPECT_EQ(resp.results(0).token_count(), 2 + unknown_words);
    EXPECT_FALSE(resp.results(0).truncated());
    const absl::Duration t = absl::Nanoseconds(resp.timing().tokenize_ns());
    std::printf("%d word(s) in %zu KiB: OK, validation and tokenization %.2f ms, server %.2f ms\n",
                unknown_words, text.size() / 1024, absl::ToDoubleMilliseconds(t),
                resp.timing().total_ns() / 1e6);
    return t;
  };
  absl::Duration one_word = absl::InfiniteDuration(), eight_words = absl::InfiniteDuration();
  for (int round = 0; round < kRounds; ++round) {
    one_word = std::min(one_word, tokenize_time(std::string(kBytes, 'x'), 1));
    eight_words = std::min(eight_words, tokenize_time(words, kWords));
  }
  ASSERT_FALSE(HasFailure());
  ASSERT_GT(eight_words, absl::ZeroDuration());
  const double ratio = absl::FDivDuration(one_word, eight_words);
  std::printf("fastest: one 512 KiB word %.2f ms, eight 64 KiB words %.2f ms (%.2fx)\n",
              absl::ToDoubleMilliseconds(one_word), absl::ToDoubleMilliseconds(eight_words), ratio);
  EXPECT_LE(ratio, kMaxRatio) << "one 512 KiB word took " << ratio
                              << "x the time of the same bytes as eight words";
}

}  // namespace
}  // namespace octet
