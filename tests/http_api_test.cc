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
#include "server/http/task_json.h"
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
  using http::HfModelTask;
  using http::HfTaskKind;
  auto qa = http::ParseHfTask(
      R"({"inputs":{"question":"q","context":"c"},"parameters":{"top_k":2,"doc_stride":16}})",
      HfModelTask::kUnknown);
  ASSERT_TRUE(qa.ok()) << qa.status();
  EXPECT_EQ(qa->kind, HfTaskKind::kQuestionAnswering);
  EXPECT_EQ(qa->answer.top_k(), 2);
  EXPECT_EQ(qa->answer.doc_stride(), 16);
  auto cls = http::ParseHfTask(
      R"({"inputs":[{"text":"a","text_pair":"b"}],"parameters":{"function_to_apply":"sigmoid"}})",
      HfModelTask::kUnknown);
  ASSERT_TRUE(cls.ok()) << cls.status();
  EXPECT_EQ(cls->kind, HfTaskKind::kTextClassification);
  EXPECT_EQ(cls->classify.text_pairs(0), "b");
  EXPECT_EQ(cls->classify.function(), v1::SCORE_FUNCTION_SIGMOID);
  EXPECT_TRUE(absl::IsInvalidArgument(
      http::ParseHfTask(R"({"inputs":"a"})", HfModelTask::kQuestionAnswering).status()));
  auto unknown =
      http::ParseHfTask(R"({"inputs":"a","parameters":{"temperature":1}})", HfModelTask::kUnknown);
  EXPECT_THAT(unknown.status().message(), HasSubstr("temperature"));
}

// token-classification and zero-shot-classification: by the model's task, or by the shape.
TEST(HttpCompat, HuggingFaceTokenAndZeroShotInputs) {
  using http::HfModelTask;
  using http::HfTaskKind;
  auto tag = http::ParseHfTask(
      R"({"inputs":["a b","c"],"parameters":{"aggregation_strategy":"Max","ignore_labels":[],"stride":4}})",
      HfModelTask::kUnknown);
  ASSERT_TRUE(tag.ok()) << tag.status();
  EXPECT_EQ(tag->kind, HfTaskKind::kTokenClassification);
  EXPECT_TRUE(tag->batch);
  EXPECT_EQ(tag->tag.texts_size(), 2);
  EXPECT_EQ(tag->tag.aggregation_strategy(), v1::AGGREGATION_STRATEGY_MAX);
  EXPECT_TRUE(tag->tag.keep_all_labels());  // an empty ignore_labels keeps everything
  EXPECT_EQ(tag->tag.stride(), 4);
  auto plain = http::ParseHfTask(R"({"inputs":"a b"})", HfModelTask::kTokenClassification);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->kind, HfTaskKind::kTokenClassification);
  EXPECT_FALSE(plain->batch);
  EXPECT_EQ(plain->tag.aggregation_strategy(), v1::AGGREGATION_STRATEGY_UNSPECIFIED);
  EXPECT_FALSE(plain->tag.has_stride());

  auto zs = http::ParseHfTask(
      R"({"inputs":"t","parameters":{"candidate_labels":" a, b,,c ","multi_label":true,"hypothesis_template":"It is {}."}})",
      HfModelTask::kSequenceClassification);
  ASSERT_TRUE(zs.ok()) << zs.status();
  EXPECT_EQ(zs->kind, HfTaskKind::kZeroShot);
  EXPECT_FALSE(zs->batch);
  ASSERT_EQ(zs->zero_shot.candidate_labels_size(), 3);
  EXPECT_EQ(zs->zero_shot.candidate_labels(0), "a");
  EXPECT_EQ(zs->zero_shot.candidate_labels(1), "b");
  EXPECT_EQ(zs->zero_shot.candidate_labels(2), "c");
  EXPECT_TRUE(zs->zero_shot.multi_label());
  EXPECT_EQ(zs->zero_shot.hypothesis_template(), "It is {}.");
  // The same body on a sequence classifier without candidate_labels is text-classification.
  auto cls = http::ParseHfTask(R"({"inputs":"t"})", HfModelTask::kSequenceClassification);
  ASSERT_TRUE(cls.ok());
  EXPECT_EQ(cls->kind, HfTaskKind::kTextClassification);

  for (const char* bad : {R"({"inputs":"t","parameters":{"aggregation_strategy":"loud"}})",
                          R"({"inputs":"t","parameters":{"ignore_labels":"O"}})",
                          R"({"inputs":[],"parameters":{"stride":2}})",
                          R"({"inputs":"t","parameters":{"candidate_labels":7}})",
                          R"({"inputs":"t","parameters":{"candidate_labels":["a"],"top_k":1}})"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(http::ParseHfTask(bad, HfModelTask::kUnknown).status()))
        << bad;
  }
}

TEST(HttpCompat, TeiRerankBodyAndAnswer) {
  auto r = http::ParseTeiRerank(
      R"({"query":"q","texts":["a","b"],"raw_scores":true,"return_text":true,"truncate":true})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->query(), "q");
  EXPECT_EQ(r->texts_size(), 2);
  EXPECT_TRUE(r->raw_scores());
  EXPECT_TRUE(r->return_text());
  EXPECT_TRUE(r->truncate());
  for (const char* bad : {R"({"texts":["a"]})", R"({"query":"q"})", R"({"query":"q","texts":[]})",
                          R"({"query":"q","texts":[1]})", R"({"query":"q","texts":["a"],"n":1})",
                          R"({"query":"q","texts":["a"],"truncation_direction":"Left"})"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(http::ParseTeiRerank(bad).status())) << bad;
  }
  v1::RerankResponse response;
  v1::Rank* first = response.add_ranks();
  first->set_index(1);
  first->set_score(0.5f);
  v1::Rank* second = response.add_ranks();
  second->set_index(0);
  second->set_score(0.25f);
  second->set_text("doc");
  EXPECT_EQ(http::TeiRerankJson(response),
            R"([{"index":1,"score":0.5},{"index":0,"score":0.25,"text":"doc"}])");
}

TEST(HttpCompat, HuggingFaceEntityAndZeroShotAnswers) {
  v1::TagTokensResponse tags;
  v1::Entity* grouped = tags.add_results()->add_entities();
  grouped->set_entity_group("PER");
  grouped->set_score(0.5);
  grouped->set_word("ada");
  grouped->set_start(0);
  grouped->set_end(3);
  EXPECT_EQ(http::HfEntitiesJson(tags, false),
            R"([{"end":3,"entity_group":"PER","score":0.5,"start":0,"word":"ada"}])");
  v1::Entity* token = tags.add_results()->add_entities();
  token->set_entity("B-LOC");
  token->set_score(0.25);
  token->set_index(2);
  token->set_word("x");
  token->set_start(4);
  token->set_end(5);
  EXPECT_EQ(http::HfEntitiesJson(tags, true),
            R"([[{"end":3,"entity_group":"PER","score":0.5,"start":0,"word":"ada"}],)"
            R"([{"end":5,"entity":"B-LOC","index":2,"score":0.25,"start":4,"word":"x"}]])");

  v1::ZeroShotClassifyRequest request;
  request.add_texts("t");
  v1::ZeroShotClassifyResponse response;
  v1::ZeroShotResult* result = response.add_results();
  v1::LabelScore* a = result->add_labels();
  a->set_label("b");
  a->set_score(0.75f);
  v1::LabelScore* b = result->add_labels();
  b->set_label("a");
  b->set_score(0.25f);
  EXPECT_EQ(http::HfZeroShotJson(request, response, false),
            R"({"labels":["b","a"],"scores":[0.75,0.25],"sequence":"t"})");
  EXPECT_EQ(http::HfZeroShotJson(request, response, true),
            R"([{"labels":["b","a"],"scores":[0.75,0.25],"sequence":"t"}])");
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
