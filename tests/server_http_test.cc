// The HTTP/JSON API against the real server binary, with a real HTTP client over loopback:
// every route's success shape equals what gRPC answers for the same input (scores bit-equal),
// every error row of the status mapping, keep-alive reuse, 413 before parsing for
// Content-Length and chunked bodies, and that the server keeps serving after each bad input.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "server/http/http_router.h"
#include "tests/grpc_test_util.h"
#include "tests/http_client.h"
#include "tests/scrape_util.h"
#include "tests/server_process.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using testing::HttpCall;
using testing::HttpConnection;
using testing::HttpReply;
using testing::JsonPost;
using ::testing::Not;
using testing::ServerProcess;
using json = nlohmann::json;

class ServerHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = ServerProcess::Start(
        {testing::ModelFlag("cls", "bert_cls2"), testing::ModelFlag("qa", "distil_qa"),
         "--http_port=0", "--max_texts_per_request=4", "--max_text_bytes=300",
         "--self_check=false"},
        /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    http_port_ = testing::PrintedPort(server_->output(), "http on port ");
    ASSERT_GT(http_port_, 0) << server_->output();
    stub_ = v1::Inference::NewStub(server_->NewChannel()).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
  }

  static HttpReply Send(const HttpCall& call) {
    auto reply = testing::HttpSend(http_port_, call);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply();
  }
  static HttpReply Post(const std::string& path, const std::string& body) {
    return Send(JsonPost(path, body));
  }
  static HttpReply Get(const std::string& path) {
    HttpCall c;
    c.path = path;
    return Send(c);
  }

  static v1::ClassifyResponse GrpcClassify(const v1::ClassifyRequest& r) {
    grpc::ClientContext ctx;
    v1::ClassifyResponse out;
    EXPECT_TRUE(stub_->Classify(&ctx, r, &out).ok());
    return out;
  }
  static v1::AnswerResponse GrpcAnswer(const v1::AnswerRequest& r) {
    grpc::ClientContext ctx;
    v1::AnswerResponse out;
    EXPECT_TRUE(stub_->Answer(&ctx, r, &out).ok());
    return out;
  }

  // After every bad input: the server still answers a good one.
  static void ExpectStillServing() {
    const HttpReply ok = Post("/v1/classify", R"({"model":"cls","texts":["still here"]})");
    EXPECT_EQ(ok.status, 200) << ok.body;
  }

  static ServerProcess* server_;
  static v1::Inference::Stub* stub_;
  static int http_port_;
};
ServerProcess* ServerHttp::server_ = nullptr;
v1::Inference::Stub* ServerHttp::stub_ = nullptr;
int ServerHttp::http_port_ = 0;

template <typename Message>
Message FromJson(const std::string& body) {
  Message m;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &m).ok()) << body;
  return m;
}

// Same labels, ids and bit-equal scores, text by text.
void ExpectSameResults(const v1::ClassifyResponse& http, const v1::ClassifyResponse& grpc) {
  ASSERT_EQ(http.results_size(), grpc.results_size());
  for (int i = 0; i < grpc.results_size(); ++i) {
    const auto& a = http.results(i);
    const auto& b = grpc.results(i);
    ASSERT_EQ(a.labels_size(), b.labels_size());
    EXPECT_EQ(a.token_count(), b.token_count());
    EXPECT_EQ(a.truncated(), b.truncated());
    for (int j = 0; j < b.labels_size(); ++j) {
      EXPECT_EQ(a.labels(j).label(), b.labels(j).label());
      EXPECT_EQ(a.labels(j).id(), b.labels(j).id());
      EXPECT_EQ(a.labels(j).score(), b.labels(j).score()) << "text " << i << " label " << j;
    }
  }
}

v1::ClassifyRequest ClassifyOf(std::initializer_list<std::string> texts,
                               std::initializer_list<std::string> pairs = {}) {
  v1::ClassifyRequest r;
  r.set_model("cls");
  for (const std::string& t : texts) r.add_texts(t);
  for (const std::string& p : pairs) r.add_text_pairs(p);
  return r;
}

struct ErrorRow {
  const char* what;
  HttpCall call;
  int http;
  const char* status;
  const char* error_type;
  const char* message_part;
};

HttpCall WithHeader(HttpCall c, const std::string& name, const std::string& value) {
  c.headers[name] = value;
  return c;
}

// POST /v1/classify, /v1/answer, /v1/tokenize and GET /v1/models[/{name}] answer what gRPC
// answers for the same request (scores bit-equal), in protobuf's JSON mapping.
TEST_F(ServerHttp, NativeRoutesEqualGrpc) {
  {
    SCOPED_TRACE("NativeClassifyEqualsGrpc");
    const HttpReply reply = Post(
        "/v1/classify", R"({"model":"cls","texts":["a great movie","dull and slow"],"top_k":0})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.Header("content-type"), "application/json");
    const auto http = FromJson<v1::ClassifyResponse>(reply.body);
    EXPECT_EQ(http.model(), "cls");
    ExpectSameResults(http, GrpcClassify(ClassifyOf({"a great movie", "dull and slow"})));
    // Proto field names, every field printed.
    const json doc = json::parse(reply.body);
    EXPECT_TRUE(doc["results"][0].contains("token_count"));
    EXPECT_TRUE(doc["results"][0].contains("truncated"));
    EXPECT_TRUE(doc["timing"].contains("queue_ns"));
  }
  {
    SCOPED_TRACE("NativeAnswerTokenizeAndModelsEqualGrpc");
    v1::AnswerRequest q;
    q.set_question("where is it?");
    q.set_context("It is in Paris, near the river.");
    q.set_top_k(2);
    const HttpReply reply = Post(
        "/v1/answer",
        R"({"question":"where is it?","context":"It is in Paris, near the river.","top_k":2})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto http = FromJson<v1::AnswerResponse>(reply.body);
    const auto grpc = GrpcAnswer(q);
    ASSERT_EQ(http.answers_size(), grpc.answers_size());
    for (int i = 0; i < grpc.answers_size(); ++i) {
      EXPECT_EQ(http.answers(i).text(), grpc.answers(i).text());
      EXPECT_EQ(http.answers(i).start(), grpc.answers(i).start());
      EXPECT_EQ(http.answers(i).score(), grpc.answers(i).score());
    }

    const HttpReply tok = Post("/v1/tokenize", R"({"model":"cls","text":"hello world"})");
    ASSERT_EQ(tok.status, 200) << tok.body;
    v1::TokenizeRequest tr;
    tr.set_model("cls");
    tr.set_text("hello world");
    grpc::ClientContext ctx;
    v1::TokenizeResponse tg;
    ASSERT_TRUE(stub_->Tokenize(&ctx, tr, &tg).ok());
    auto th = FromJson<v1::TokenizeResponse>(tok.body);
    th.clear_timing();
    tg.clear_timing();
    EXPECT_EQ(th.SerializeAsString(), tg.SerializeAsString());

    const HttpReply models = Get("/v1/models");
    ASSERT_EQ(models.status, 200) << models.body;
    const auto list = FromJson<v1::ListModelsResponse>(models.body);
    ASSERT_EQ(list.models_size(), 2);
    EXPECT_EQ(list.models(0).name(), "cls");
    EXPECT_EQ(list.limits().max_texts_per_request(), 4);
    const HttpReply one = Get("/v1/models/qa");
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(FromJson<v1::GetModelResponse>(one.body).model().name(), "qa");
    // The served memory, under its proto field name.
    EXPECT_NE(one.body.find("\"served_rss_bytes\""), std::string::npos) << one.body;
    EXPECT_GT(FromJson<v1::GetModelResponse>(one.body).model().served_rss_bytes(),
              FromJson<v1::GetModelResponse>(one.body).model().weight_bytes());
  }
}

// TEI's /predict, /tokenize, /info and /health, the Hugging Face task shape and the Open
// Inference Protocol probes, in their own shapes, with gRPC's results (scores bit-equal).
TEST_F(ServerHttp, CompatibilityRoutesEqualGrpc) {
  {
    SCOPED_TRACE("TeiPredictShapesEqualGrpc");
    const auto single = GrpcClassify(ClassifyOf({"a great movie"}));
    const HttpReply one = Post("/predict", R"({"inputs":"a great movie"})");
    ASSERT_EQ(one.status, 200) << one.body;
    const json doc = json::parse(one.body);
    ASSERT_TRUE(doc.is_array());
    ASSERT_EQ(doc.size(), 2u);
    for (int j = 0; j < 2; ++j) {
      EXPECT_EQ(doc[j]["label"], single.results(0).labels(j).label());
      EXPECT_EQ(doc[j]["score"].get<float>(), single.results(0).labels(j).score());
    }
    // Two strings are one pair; a list of lists is a batch (raw_scores: the logits).
    const auto pair = GrpcClassify(ClassifyOf({"good"}, {"bad"}));
    const json p = json::parse(Post("/predict", R"({"inputs":["good","bad"]})").body);
    EXPECT_EQ(p[0]["score"].get<float>(), pair.results(0).labels(0).score());
    v1::ClassifyRequest raw = ClassifyOf({"fine", "poor"});
    raw.set_function(v1::SCORE_FUNCTION_NONE);
    const auto logits = GrpcClassify(raw);
    const HttpReply batch = Post("/predict", R"({"inputs":[["fine"],["poor"]],"raw_scores":true})");
    ASSERT_EQ(batch.status, 200) << batch.body;
    const json b = json::parse(batch.body);
    ASSERT_EQ(b.size(), 2u);
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(b[i][0]["label"], logits.results(i).labels(0).label());
      EXPECT_EQ(b[i][0]["score"].get<float>(), logits.results(i).labels(0).score());
    }
  }
  {
    SCOPED_TRACE("TeiTokenizeInfoAndHealth");
    const HttpReply tok = Post("/tokenize", R"({"inputs":["hello world","hi"]})");
    ASSERT_EQ(tok.status, 200) << tok.body;
    const json t = json::parse(tok.body);
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0][0]["special"], true);
    EXPECT_TRUE(t[0][0]["start"].is_null());
    v1::TokenizeRequest tr;
    tr.set_model("cls");
    tr.set_text("hello world");
    grpc::ClientContext ctx;
    v1::TokenizeResponse tg;
    ASSERT_TRUE(stub_->Tokenize(&ctx, tr, &tg).ok());
    ASSERT_EQ(t[0].size(), static_cast<size_t>(tg.tokens_size()));
    for (int k = 0; k < tg.tokens_size(); ++k) {
      EXPECT_EQ(t[0][k]["id"], tg.tokens(k).id());
      EXPECT_EQ(t[0][k]["text"], tg.tokens(k).text());
      if (!tg.tokens(k).special()) {
        EXPECT_EQ(t[0][k]["stop"], tg.tokens(k).byte_end());
      }
    }
    const HttpReply info = Get("/info");
    ASSERT_EQ(info.status, 200) << info.body;
    const json i = json::parse(info.body);
    EXPECT_EQ(i["model_id"], "cls");
    EXPECT_EQ(i["model_type"]["classifier"]["id2label"]["0"], "NEGATIVE");
    EXPECT_EQ(i["max_client_batch_size"], 4);
    const HttpReply health = Get("/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, "");
  }
  {
    SCOPED_TRACE("HuggingFaceTaskShapesEqualGrpc");
    const auto grpc = GrpcClassify(ClassifyOf({"a great movie"}));
    for (const std::string path : {"/", "/models/cls"}) {
      const HttpReply r = Post(path, R"({"inputs":"a great movie","parameters":{"top_k":1}})");
      ASSERT_EQ(r.status, 200) << path << ": " << r.body;
      const json doc = json::parse(r.body);
      ASSERT_EQ(doc.size(), 1u);
      ASSERT_EQ(doc[0].size(), 1u);
      EXPECT_EQ(doc[0][0]["label"], grpc.results(0).labels(0).label());
      EXPECT_EQ(doc[0][0]["score"].get<float>(), grpc.results(0).labels(0).score());
    }
    v1::AnswerRequest q;
    q.set_question("where is it?");
    q.set_context("It is in Paris, near the river.");
    const auto answer = GrpcAnswer(q);
    const HttpReply qa = Post(
        "/models/qa",
        R"({"inputs":{"question":"where is it?","context":"It is in Paris, near the river."}})");
    ASSERT_EQ(qa.status, 200) << qa.body;
    const json a = json::parse(qa.body);
    EXPECT_EQ(a["answer"], answer.answers(0).text());
    EXPECT_EQ(a["start"], answer.answers(0).start());
    EXPECT_EQ(a["end"], answer.answers(0).end());
    EXPECT_EQ(a["score"].get<double>(), answer.answers(0).score());
  }
  {
    SCOPED_TRACE("OpenInferenceProtocolProbes");
    EXPECT_EQ(Get("/v2/health/live").body, R"({"live":true})");
    EXPECT_EQ(Get("/v2/health/ready").status, 200);
    EXPECT_EQ(Get("/v2/models/cls/ready").status, 200);
    const HttpReply meta = Get("/v2/models/cls");
    ASSERT_EQ(meta.status, 200);
    EXPECT_EQ(json::parse(meta.body)["name"], "cls");
    EXPECT_EQ(Get("/v2/models/nope/ready").status, 404);
    EXPECT_EQ(Get("/v2/models/nope").status, 404);
  }
}

TEST_F(ServerHttp, EveryErrorRowHasItsStatusAndBodyAndNeverEchoesTheInput) {
  {
    SCOPED_TRACE("EveryErrorRowHasItsStatusAndBodyAndNeverEchoesTheInput");
    HttpCall get_classify;
    get_classify.path = "/v1/classify";
    HttpCall no_type = JsonPost("/v1/classify", R"({"texts":["SECRET1"]})");
    no_type.headers.clear();
    const std::string long_text(301, 'S');
    const ErrorRow rows[] = {
        {"unknown field", JsonPost("/v1/classify", R"({"texts":["SECRET1"],"txets":1})"), 400,
         "INVALID_ARGUMENT", "validation", "txets"},
        {"wrong type", JsonPost("/v1/classify", R"({"texts":["SECRET1"],"top_k":"SECRET1"})"), 400,
         "INVALID_ARGUMENT", "validation", "ClassifyRequest"},
        {"not JSON", JsonPost("/v1/classify", R"({"texts":["SECRET1" SECRET1)"), 400,
         "INVALID_ARGUMENT", "validation", "request body"},
        {"too long", JsonPost("/v1/classify", R"({"model":"cls","texts":[")" + long_text + "\"]}"),
         400, "INVALID_ARGUMENT", "validation", "at most 300 bytes"},
        {"unknown model", JsonPost("/v1/classify", R"({"model":"nope","texts":["SECRET1"]})"), 404,
         "NOT_FOUND", "not_found", "got 'nope'"},
        {"unknown route", JsonPost("/v1/classifyy", R"({"texts":["SECRET1"]})"), 404, "NOT_FOUND",
         "not_found", "no such route"},
        {"wrong method", get_classify, 405, "UNIMPLEMENTED", "method_not_allowed", "POST"},
        {"no content type", no_type, 415, "INVALID_ARGUMENT", "unsupported_media_type",
         "application/json"},
        {"wrong content type",
         WithHeader(JsonPost("/v1/classify", R"({"texts":["SECRET1"]})"), "Content-Type",
                    "text/plain"),
         415, "INVALID_ARGUMENT", "unsupported_media_type", "application/json"},
        {"deadline passed",
         WithHeader(JsonPost("/v1/classify", R"({"model":"cls","texts":["SECRET1"]})"),
                    "x-deadline-ms", "0"),
         504, "DEADLINE_EXCEEDED", "timeout", "deadline"},
        {"bad deadline header",
         WithHeader(JsonPost("/v1/classify", R"({"texts":["SECRET1"]})"), "x-deadline-ms", "soon"),
         400, "INVALID_ARGUMENT", "validation", "x-deadline-ms"},
        // TEI's routes answer with TEI's codes: a body that does not deserialize is a 422.
        {"TEI unknown field", JsonPost("/predict", R"({"inputs":"SECRET1","bogus":true})"), 422,
         "INVALID_ARGUMENT", "validation", "bogus"},
        {"HF bad parameter",
         JsonPost("/models/cls", R"({"inputs":"SECRET1","parameters":{"top_k":0}})"), 400,
         "INVALID_ARGUMENT", "validation", "top_k"},
    };
    for (const ErrorRow& row : rows) {
      SCOPED_TRACE(row.what);
      const HttpReply r = Send(row.call);
      EXPECT_EQ(r.status, row.http) << r.body;
      const json doc = json::parse(r.body, nullptr, false);
      ASSERT_TRUE(doc.is_object()) << r.body;
      EXPECT_EQ(doc["code"], row.http);
      EXPECT_EQ(doc["status"], row.status);
      EXPECT_EQ(doc["error_type"], row.error_type);
      EXPECT_THAT(doc["error"].get<std::string>(), HasSubstr(row.message_part));
      EXPECT_THAT(r.body, Not(HasSubstr("SECRET1")));
      EXPECT_THAT(r.body, Not(HasSubstr("SSSSSSSS")));
      if (row.http == 405) {
        EXPECT_EQ(r.Header("allow"), "POST");
      }
      ExpectStillServing();
    }
  }
  {
    SCOPED_TRACE("TwoMebibyteBodiesAre413BeforeParsingAndTheServerKeepsServing");
    const std::string big = R"({"texts":[")" + std::string(2 << 20, 'S') + "\"]}";
    for (const bool chunked : {false, true}) {
      SCOPED_TRACE(chunked ? "chunked" : "Content-Length");
      HttpCall call = JsonPost("/v1/classify", big);
      call.chunked = chunked;
      const HttpReply r = Send(call);
      EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);
      const json doc = json::parse(r.body, nullptr, false);
      ASSERT_TRUE(doc.is_object());
      EXPECT_EQ(doc["status"], "RESOURCE_EXHAUSTED");
      EXPECT_EQ(doc["error_type"], "payload_too_large");
      EXPECT_THAT(r.body, Not(HasSubstr("SSSS")));
      ExpectStillServing();
    }
  }
}

// One connection serves many requests; x-request-id is echoed or made; the timing headers are
// there; HTTP requests (refusals too) count in octet_requests_total with the route as method.
TEST_F(ServerHttp, KeepAliveRequestIdsTimingHeadersAndMetrics) {
  {
    SCOPED_TRACE("KeepAliveConnectionIsReused");
    HttpConnection c(http_port_);
    for (int i = 0; i < 3; ++i) {
      auto r = c.Send(JsonPost("/v1/classify", R"({"model":"cls","texts":["again"]})"));
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_EQ(r->status, 200);
      // An error does not close the connection either.
      auto e = c.Send(JsonPost("/v1/classify", R"({"nope":1})"));
      ASSERT_TRUE(e.ok()) << e.status();
      EXPECT_EQ(e->status, 400);
    }
    EXPECT_EQ(c.connects(), 1);
  }
  {
    SCOPED_TRACE("RequestIdsAndTimingHeaders");
    const HttpReply given = Send(WithHeader(
        JsonPost("/v1/classify", R"({"model":"cls","texts":["hi"]})"), "x-request-id", "abc-123"));
    EXPECT_EQ(given.Header("x-request-id"), "abc-123");
    for (const char* h :
         {"x-total-time", "x-queue-time", "x-tokenization-time", "x-inference-time"}) {
      double ms = -1;
      EXPECT_TRUE(absl::SimpleAtod(given.Header(h), &ms)) << h;
      EXPECT_GE(ms, 0) << h;
    }
    const double total = std::stod(given.Header("x-total-time"));
    EXPECT_GE(total, std::stod(given.Header("x-inference-time")));
    const HttpReply made = Post("/v1/classify", R"({"model":"cls","texts":["hi"]})");
    EXPECT_EQ(made.Header("x-request-id").size(), 32u);
    EXPECT_NE(made.Header("x-request-id"), Post("/v1/models", "").Header("x-request-id"));
  }
  {
    SCOPED_TRACE("HttpRequestsShowInTheSameMetricsWithTheRouteAsMethod");
    const int metrics_port = testing::PrintedPort(server_->output(), "metrics on port ");
    ASSERT_GT(metrics_port, 0);
    auto count = [&](const scrape::Labels& labels) {
      auto r = scrape::HttpGet(metrics_port, "/metrics");
      EXPECT_TRUE(r.ok());
      const double v =
          r.ok() ? scrape::Scrape::Parse(r->body).Value("octet_requests_total", labels) : -1;
      return v > 0 ? v : 0;  // absent: 0
    };
    const scrape::Labels ok = {{"model", "cls"}, {"method", "/v1/classify"}, {"code", "OK"}};
    const scrape::Labels bad = {
        {"model", "none"}, {"method", "/v1/classify"}, {"code", "INVALID_ARGUMENT"}};
    const scrape::Labels wrong_method = {
        {"model", "none"}, {"method", "/v1/classify"}, {"code", "UNIMPLEMENTED"}};
    const scrape::Labels too_large = {
        {"model", "none"}, {"method", "/v1/classify"}, {"code", "RESOURCE_EXHAUSTED"}};
    const scrape::Labels no_route = {
        {"model", "none"}, {"method", "unrouted"}, {"code", "NOT_FOUND"}};
    const double ok0 = count(ok), bad0 = count(bad), wrong0 = count(wrong_method),
                 large0 = count(too_large), none0 = count(no_route);
    EXPECT_EQ(Post("/v1/classify", R"({"model":"cls","texts":["count me"]})").status, 200);
    EXPECT_EQ(Post("/v1/classify", R"({"nope":1})").status, 400);
    EXPECT_EQ(Get("/v1/classify").status, 405);
    EXPECT_EQ(Post("/v1/classify", std::string(2 << 20, ' ')).status, 413);
    EXPECT_EQ(Get("/nowhere").status, 404);
    EXPECT_EQ(count(ok), ok0 + 1);
    EXPECT_EQ(count(bad), bad0 + 1);
    EXPECT_EQ(count(wrong_method), wrong0 + 1);
    EXPECT_EQ(count(too_large), large0 + 1);
    EXPECT_EQ(count(no_route), none0 + 1);
  }
}

// GET /openapi.json lists exactly the routes the server answers.
TEST_F(ServerHttp, OpenApiListsEveryServedRouteAndOnlyThose) {
  const HttpReply r = Get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  const json doc = json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::pair<std::string, std::string>> listed, served;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      listed.emplace(absl::AsciiStrToUpper(method), path);
    }
  }
  for (const auto& route : server::http::Routes()) served.emplace(route.method, route.pattern);
  EXPECT_EQ(listed, served);
  // Every listed route answers (neither 404 "no such route" nor 405).
  for (const auto& [method, path] : listed) {
    std::string concrete = path;
    if (const size_t at = concrete.find("{name}"); at != std::string::npos) {
      concrete.replace(at, 6, "cls");
    }
    HttpCall c = method == "POST" ? JsonPost(concrete, "{}") : HttpCall();
    c.method = method;
    c.path = concrete;
    const HttpReply reply = Send(c);
    EXPECT_NE(reply.status, 405) << method << " " << path;
    EXPECT_THAT(reply.body, Not(HasSubstr("no such route"))) << method << " " << path;
  }
}

}  // namespace
}  // namespace octet
