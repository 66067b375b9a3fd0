// Unit tests of the HTTP API's pure parts: the router, the status mapping, the protobuf JSON
// mapping's errors, the TEI / Hugging Face adapters and W3C traceparent parsing.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/http/compat_json.h"
#include "server/http/http_errors.h"
#include "server/http/http_router.h"
#include "server/http/proto_json.h"
#include "server/trace_context.h"

namespace octet::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(HttpRouter, MatchesMethodsPathsAndNames) {
  auto m = http::MatchRoute("GET", "/v1/models/sst2");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->id, http::RouteId::kGetModel);
  EXPECT_EQ(m.name, "sst2");
  m = http::MatchRoute("GET", "/v2/models/a.b-c/ready");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->id, http::RouteId::kModelReady);
  EXPECT_EQ(m.name, "a.b-c");
  m = http::MatchRoute("POST", "/");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->id, http::RouteId::kHfTask);
  m = http::MatchRoute("GET", "/v1/classify");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "POST");
  m = http::MatchRoute("POST", "/v1/models/");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "");
  for (const char* path : {"", "/v1", "/v1/classify/", "/v2/models//ready", "/models/a/b"}) {
    EXPECT_EQ(http::MatchRoute("POST", path).route, nullptr) << path;
  }
}

TEST(HttpErrors, GoogleapisMappingAndBody) {
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kFailedPrecondition), 400);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kDeadlineExceeded), 504);
  EXPECT_EQ(http::HttpStatusForGrpcCode(absl::StatusCode::kInternal), 500);
  const auto r = http::ErrorResponse(absl::ResourceExhaustedError("queue full"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(
      r.body,
      R"({"error":"queue full","error_type":"overloaded","code":429,"status":"RESOURCE_EXHAUSTED"})");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Retry-After");
  // Engine codes map through ToGrpcStatus first: DataLoss is INTERNAL, 500.
  const auto internal = http::ErrorResponse(absl::DataLossError("x"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_THAT(internal.body, HasSubstr(R"("status":"INTERNAL")"));
}

TEST(HttpProtoJson, UnknownFieldsAndBadValuesNameTheFieldWithoutTheValue) {
  v1::ClassifyRequest r;
  absl::Status s = http::ParseJsonBody(R"({"texts":["a"],"txets":1})", &r);
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(s.message(), HasSubstr("txets"));
  s = http::ParseJsonBody(R"({"top_k":"PRIVATE"})", &r);
  EXPECT_THAT(s.message(), HasSubstr("top_k"));
  EXPECT_THAT(s.message(), Not(HasSubstr("PRIVATE")));
  s = http::ParseJsonBody(R"({"texts":["PRIVATE" PRIVATE)", &r);
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(s.message(), Not(HasSubstr("PRIVATE")));
  EXPECT_TRUE(
      http::ParseJsonBody(R"({"texts":["a"],"topK":2,"function":"SCORE_FUNCTION_NONE"})", &r).ok());
  EXPECT_EQ(r.top_k(), 2);
  EXPECT_EQ(r.function(), v1::SCORE_FUNCTION_NONE);
}

TEST(HttpCompat, TeiPredictInputs) {
  auto single = http::ParseTeiPredict(R"({"inputs":"a"})");
  ASSERT_TRUE(single.ok());
  EXPECT_FALSE(single->batch);
  EXPECT_EQ(single->request.texts_size(), 1);
  auto pair = http::ParseTeiPredict(R"({"inputs":["a","b"],"truncate":true})");
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->request.text_pairs(0), "b");
  EXPECT_TRUE(pair->request.truncate());
  auto batch = http::ParseTeiPredict(R"({"inputs":[["a","b"],["c","d"]],"raw_scores":true})");
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->batch);
  EXPECT_EQ(batch->request.texts_size(), 2);
  EXPECT_EQ(batch->request.function(), v1::SCORE_FUNCTION_NONE);
  for (const char* bad :
       {R"({"inputs":[["a","b"],["c"]]})", R"({"inputs":[]})", R"({})", R"({"inputs":1})", R"([1])",
        R"(not json)", R"({"inputs":"a","truncation_direction":"Left"})"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(http::ParseTeiPredict(bad).status())) << bad;
  }
}

TEST(HttpCompat, HuggingFaceTaskInputs) {
  auto qa = http::ParseHfTask(
      R"({"inputs":{"question":"q","context":"c"},"parameters":{"top_k":2,"doc_stride":16}})",
      nullptr);
  ASSERT_TRUE(qa.ok()) << qa.status();
  EXPECT_TRUE(qa->question_answering);
  EXPECT_EQ(qa->answer.top_k(), 2);
  EXPECT_EQ(qa->answer.doc_stride(), 16);
  auto cls = http::ParseHfTask(
      R"({"inputs":[{"text":"a","text_pair":"b"}],"parameters":{"function_to_apply":"sigmoid"}})",
      nullptr);
  ASSERT_TRUE(cls.ok()) << cls.status();
  EXPECT_FALSE(cls->question_answering);
  EXPECT_EQ(cls->classify.text_pairs(0), "b");
  EXPECT_EQ(cls->classify.function(), v1::SCORE_FUNCTION_SIGMOID);
  const bool is_qa = true;
  EXPECT_TRUE(absl::IsInvalidArgument(http::ParseHfTask(R"({"inputs":"a"})", &is_qa).status()));
  auto unknown = http::ParseHfTask(R"({"inputs":"a","parameters":{"temperature":1}})", nullptr);
  EXPECT_THAT(unknown.status().message(), HasSubstr("temperature"));
}

TEST(TraceContext, ParsesW3cTraceparent) {
  TraceContext t;
  ASSERT_TRUE(ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", &t));
  EXPECT_EQ(t.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(t.span_id, "00f067aa0ba902b7");
  for (const char* bad : {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"}) {
    TraceContext u;
    EXPECT_FALSE(ParseTraceparent(bad, &u)) << bad;
    EXPECT_EQ(u.trace_id, "");
  }
  const absl::string_view id = "given-id";
  EXPECT_EQ(MakeTraceContext(&id, nullptr).request_id, "given-id");
  const absl::string_view spaced = "has space";
  EXPECT_EQ(MakeTraceContext(&spaced, nullptr).request_id.size(), 32u);
}

}  // namespace
}  // namespace octet::server
