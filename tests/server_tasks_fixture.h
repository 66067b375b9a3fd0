#pragma once
// The server the task suites share (server_tasks_test, server_tasks_http_test): bert_ner,
// bert_nli and bert_rerank in FP32, HTTP on, TEI's routes on the rerank model; one server per
// suite. And the helpers that compare an HTTP answer with a gRPC one.

#include <memory>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/http_client.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {

inline constexpr double kScoreTolerance = 1e-5;
inline constexpr int kMaxTexts = 12;

class ServerTasks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = testing::ServerProcess::Start(
        {testing::ModelFlag("ner", "bert_ner"), testing::ModelFlag("nli", "bert_nli"),
         testing::ModelFlag("rerank", "bert_rerank"), "--precision=fp32",
         "--max_texts_per_request=" + std::to_string(kMaxTexts), "--http_port=0",
         "--tei_model=rerank"},
        /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server).release();
    http_port_ = testing::PrintedPort(server_->output(), "http on port ");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    stub_ = v1::Inference::NewStub(server_->NewChannel());
  }

  static testing::HttpReply Post(const std::string& path, const std::string& body) {
    auto reply = testing::HttpSend(http_port_, testing::JsonPost(path, body));
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : testing::HttpReply();
  }

  inline static testing::ServerProcess* server_ = nullptr;
  inline static int http_port_ = 0;
  std::unique_ptr<v1::Inference::Stub> stub_;
};

// `reply`'s body in protobuf's JSON mapping, timing cleared, as bytes; "" when it does not parse.
template <typename Message>
std::string ProtoOfJson(const testing::HttpReply& reply) {
  Message m;
  if (!google::protobuf::util::JsonStringToMessage(reply.body, &m).ok()) return "";
  m.clear_timing();
  return m.SerializeAsString();
}
template <typename Message>
std::string WithoutTiming(Message m) {
  m.clear_timing();
  return m.SerializeAsString();
}

}  // namespace octet
