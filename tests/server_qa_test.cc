// Answer over gRPC against the transformers 4.x question-answering pipeline, as computed by
// tests/reference/make_qa_references.py on the QA fixtures in FP32 (the server runs with
// --precision fp32): contexts of 3+ windows, non-ASCII contexts (code-point and byte offsets),
// handle_impossible_answer with the null answer winning, top_k > 1.

#include <cmath>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::ServerProcess;

// FP32 engine vs FP32 PyTorch: scores agree to ~1e-6; the references' rankings are at least
// ~1e-5 apart (min_score_margin), so a tolerance between the two keeps the test meaningful.
constexpr double kScoreTolerance = 5e-6;

TEST(ServerQa, AnswersMatchTheHuggingFacePipelineReferences) {
  const nlohmann::json ref = nlohmann::json::parse(
      testing::ReadFileOrDie(testing::TestDataDir() + "/qa_pipeline_references.json"));
  auto server = ServerProcess::Start(
      {testing::ModelFlag("bert_qa_sharded", "bert_qa_sharded"),
       testing::ModelFlag("distil_qa", "distil_qa"), "--precision=fp32", "--max_batch_tokens=256"},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  int cases = 0, multi_window = 0, null_first = 0, non_ascii = 0;
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["fixture"].get<std::string>() + " / " + c["name"].get<std::string>());
    v1::AnswerRequest r;
    r.set_model(c["fixture"].get<std::string>());
    r.set_question(c["question"].get<std::string>());
    r.set_context(c["context"].get<std::string>());
    const auto& o = c["options"];
    if (o.contains("top_k")) r.set_top_k(o["top_k"].get<int>());
    if (o.contains("max_seq_len")) r.set_max_seq_len(o["max_seq_len"].get<int>());
    if (o.contains("doc_stride")) r.set_doc_stride(o["doc_stride"].get<int>());
    if (o.contains("max_answer_len")) r.set_max_answer_len(o["max_answer_len"].get<int>());
    r.set_handle_impossible_answer(o.value("handle_impossible_answer", false));
    grpc::ClientContext ctx;
    v1::AnswerResponse resp;
    grpc::Status s = stub->Answer(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_GT(c["min_score_margin"].get<double>(), 2 * kScoreTolerance);
    EXPECT_EQ(resp.windows(), static_cast<int>(c["windows"].size()));
    ASSERT_EQ(resp.answers_size(), static_cast<int>(c["answers"].size()));
    for (int i = 0; i < resp.answers_size(); ++i) {
      const auto& want = c["answers"][i];
      const v1::Answer& got = resp.answers(i);
      EXPECT_EQ(got.text(), want["answer"].get<std::string>()) << "answer " << i;
      EXPECT_EQ(got.start(), want["start"].get<int64_t>());
      EXPECT_EQ(got.end(), want["end"].get<int64_t>());
      EXPECT_EQ(got.byte_start(), want["byte_start"].get<int64_t>());
      EXPECT_EQ(got.byte_end(), want["byte_end"].get<int64_t>());
      EXPECT_NEAR(got.score(), want["score"].get<double>(), kScoreTolerance);
    }
    ++cases;
    multi_window += c["windows"].size() >= 3;
    null_first += o.value("handle_impossible_answer", false) && resp.answers(0).text().empty();
    non_ascii += r.context().find("\xc3") != std::string::npos;
  }
  // What the references must cover.
  EXPECT_EQ(cases, 14);
  EXPECT_GE(multi_window, 4);
  EXPECT_EQ(null_first, 2);
  EXPECT_GE(non_ascii, 4);
}

}  // namespace
}  // namespace octet
