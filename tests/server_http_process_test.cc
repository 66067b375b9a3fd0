// The HTTP/JSON API on servers of their own: 503 while warming up, 64 concurrent requests over a
// queue of 4 (only 200 / 429), JSON access logs with traceparent ids, the API key, the drain, a
// client that disconnects while its request is queued.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/http_client.h"
#include "tests/server_process.h"
#include "tests/tls_certs.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using testing::HttpCall;
using testing::HttpReply;
using testing::JsonPost;
using ::testing::Not;
using testing::ServerProcess;
using json = nlohmann::json;

int HttpPort(const ServerProcess& server) {
  return testing::PrintedPort(server.output(), "http on port ");
}

// Not ready: the probes say 503 and inference gets 503 with Retry-After.
TEST(ServerHttpWarmingUp, ProbesAndRequestsAre503UntilWarm) {
  auto server = ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--http_port=0",
                                      "--self_check=false", "--test_warmup_delay_ms=600000"},
                                     /*wait_serving=*/false, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = HttpPort(**server);
  ASSERT_GT(port, 0);
  HttpCall ready;
  ready.path = "/v2/health/ready";
  auto r = testing::HttpSend(port, ready);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  HttpCall live;
  live.path = "/v2/health/live";
  EXPECT_EQ(testing::HttpSend(port, live)->status, 200);
  HttpCall health;
  health.path = "/health";
  EXPECT_EQ(testing::HttpSend(port, health)->status, 503);
  auto c = testing::HttpSend(port, JsonPost("/v1/classify", R"({"texts":["x"]})"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, 503);
  EXPECT_EQ(c->Header("retry-after"), "1");
  EXPECT_EQ(json::parse(c->body)["status"], "UNAVAILABLE");
}

// 64 concurrent requests (each on its own connection) against a queue of 4 with the worker held:
// every answer is 200 or 429 (with Retry-After), both occur, and none is lost.
TEST(ServerHttpOverload, SixtyFourConcurrentRequestsOverQueueOfFourAreOnly200Or429) {
  testing::WorkerHold hold;
  auto server = ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--http_port=0", "--max_queue=4",
       "--http_threads=16", "--http_connection_queue=128", "--self_check=false", hold.Flag()},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = HttpPort(**server);
  ASSERT_GT(port, 0);
  absl::Mutex mu;
  std::map<int, int> by_status;
  int rejected_without_retry_after = 0;
  std::vector<std::thread> clients;
  for (int i = 0; i < 64; ++i) {
    clients.emplace_back([&, i] {
      auto r = testing::HttpSend(
          port, JsonPost("/v1/classify", absl::StrCat(R"({"texts":["request )", i, "\"]}")));
      absl::MutexLock lock(&mu);
      const int status = r.ok() ? r->status : -1;
      ++by_status[status];
      if (status == 429 && r->Header("retry-after") != "1") ++rejected_without_retry_after;
    });
  }
  // The held worker keeps the queue full; once a request has been turned away, let them run.
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](std::map<int, int>* m) { return m->count(429) > 0; }, &by_status));
  }
  hold.Release();
  for (std::thread& t : clients) t.join();
  EXPECT_GT(by_status[200], 0);
  EXPECT_GT(by_status[429], 0);
  EXPECT_EQ(by_status[200] + by_status[429], 64) << "other statuses: " << by_status.size();
  EXPECT_EQ(rejected_without_retry_after, 0);
}

// --log_format=json --access_log_sample=1: one JSON access line per request, HTTP and gRPC, with
// the traceparent's ids, and never the request's text; the start-up line gives the limits.
TEST(ServerHttpLogs, JsonAccessLinesCarryTraceparentIdsAndNeverTheText) {
  const std::string log_path = ::testing::TempDir() + "/octet_http_log_test.jsonl";
  const int saved = dup(STDERR_FILENO);
  const int log_fd = open(log_path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(log_fd, 0);
  dup2(log_fd, STDERR_FILENO);  // the server inherits it
  auto server =
      ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--http_port=0",
                            "--self_check=false", "--log_format=json", "--access_log_sample=1"},
                           /*wait_serving=*/true, testing::ServerStartLimit());
  dup2(saved, STDERR_FILENO);
  close(saved);
  close(log_fd);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = HttpPort(**server);
  const std::string parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  HttpCall call = JsonPost("/v1/classify", R"({"texts":["PRIVATE words here"]})");
  call.headers["traceparent"] = parent;
  call.headers["x-request-id"] = "http-req-1";
  auto reply = testing::HttpSend(port, call);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->status, 200);

  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  grpc::ClientContext ctx;
  ctx.AddMetadata("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  ctx.AddMetadata("x-request-id", "grpc-req-1");
  v1::ClassifyRequest r;
  r.add_texts("PRIVATE words here");
  v1::ClassifyResponse resp;
  ASSERT_TRUE(stub->Classify(&ctx, r, &resp).ok());
  auto echoed = ctx.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, ctx.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "grpc-req-1");

  std::ifstream in(log_path);
  std::string line;
  json http_line, grpc_line, limits_line;
  int lines = 0;
  while (std::getline(in, line)) {
    EXPECT_THAT(line, Not(HasSubstr("PRIVATE")));
    const json j = json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    ++lines;
    EXPECT_TRUE(j.contains("ts") && j.contains("level") && j.contains("msg")) << line;
    if (j["msg"] == "limits") limits_line = j;
    if (j["msg"] == "request" && j.value("transport", "") == "http") http_line = j;
    if (j["msg"] == "request" && j.value("transport", "") == "grpc") grpc_line = j;
  }
  EXPECT_GT(lines, 3);
  EXPECT_EQ(limits_line["max_queue"], 256);
  EXPECT_EQ(limits_line["http_port"], port);
  EXPECT_EQ(http_line["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(http_line["span_id"], "00f067aa0ba902b7");
  EXPECT_EQ(http_line["request_id"], "http-req-1");
  EXPECT_EQ(http_line["route"], "/v1/classify");
  EXPECT_EQ(http_line["model"], "cls");
  EXPECT_EQ(http_line["status"], "OK");
  EXPECT_EQ(http_line["http_status"], 200);
  EXPECT_GT(http_line["tokens"].get<int>(), 0);
  EXPECT_EQ(http_line["batch_size"], 1);
  EXPECT_TRUE(http_line.contains("inference_ms"));
  EXPECT_EQ(grpc_line["trace_id"], "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(grpc_line["span_id"], "b7ad6b7169203331");
  EXPECT_EQ(grpc_line["request_id"], "grpc-req-1");
  EXPECT_EQ(grpc_line["rpc"], "Classify");
  EXPECT_EQ(grpc_line["status"], "OK");
  const std::string ts = http_line["ts"];
  EXPECT_EQ(ts.size(), 27u) << ts;  // 2026-01-02T03:04:05.678901Z
  EXPECT_EQ(ts.back(), 'Z');
}

// --api_key_file (with TLS for gRPC): HTTP wants the same key as a Bearer token; probes and the
// API description stay open.
TEST(ServerHttpAuth, TheGrpcApiKeyIsRequiredOnHttpExceptForProbes) {
  auto certs = testing::MakeTestCertificates();
  ASSERT_TRUE(certs.ok()) << certs.status();
  const std::string key = "http-key-for-tests-0123456789";
  const std::string key_file = certs->dir + "/http_api_key";
  std::ofstream(key_file) << key << "\n";
  auto server =
      ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--http_port=0",
                            "--self_check=false", "--tls_cert=" + certs->server_cert,
                            "--tls_key=" + certs->server_key, "--api_key_file=" + key_file},
                           /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = HttpPort(**server);
  HttpCall call = JsonPost("/v1/classify", R"({"texts":["x"]})");
  for (const std::string& auth :
       std::vector<std::string>{"", "Bearer wrong-key-0123456789", "Bearer " + key + "X"}) {
    if (!auth.empty()) call.headers["Authorization"] = auth;
    auto r = testing::HttpSend(port, call);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 401) << auth;
    EXPECT_EQ(r->Header("www-authenticate"), "Bearer");
    EXPECT_EQ(json::parse(r->body)["status"], "UNAUTHENTICATED");
    EXPECT_THAT(r->body, Not(HasSubstr("wrong-key")));
  }
  call.headers["Authorization"] = "Bearer " + key;
  auto ok = testing::HttpSend(port, call);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, 200) << ok->body;
  for (const char* open_path : {"/v2/health/ready", "/health", "/openapi.json"}) {
    HttpCall probe;
    probe.path = open_path;
    EXPECT_EQ(testing::HttpSend(port, probe)->status, 200) << open_path;
  }
  HttpCall models;
  models.path = "/v1/models";
  EXPECT_EQ(testing::HttpSend(port, models)->status, 401);
}

// SIGTERM with an HTTP request in flight: readiness turns 503, new HTTP requests get 503, the
// one in flight still gets its 200, and the process exits 0.
TEST(ServerHttpDrain, InFlightHttpRequestsFinishAndNewOnesAre503) {
  testing::WorkerHold hold;
  auto server = ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--http_port=0",
                                      "--self_check=false", "--drain_seconds=60", hold.Flag()},
                                     /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = HttpPort(**server);
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  absl::StatusOr<HttpReply> in_flight;
  std::thread client([&] {
    in_flight = testing::HttpSend(port, JsonPost("/v1/classify", R"({"texts":["held"]})"));
  });
  ASSERT_TRUE(testing::WaitUntil([&] { return testing::Stats(stub.get(), "cls").inflight() == 1; },
                                 absl::Minutes(2)));
  (*server)->Signal(SIGTERM);
  HttpCall ready;
  ready.path = "/v2/health/ready";
  ASSERT_TRUE(testing::WaitUntil(
      [&] {
        auto r = testing::HttpSend(port, ready);
        return r.ok() && r->status == 503;
      },
      absl::Minutes(2)));
  auto refused = testing::HttpSend(port, JsonPost("/v1/classify", R"({"texts":["late"]})"));
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after"), "1");
  hold.Release();
  client.join();
  ASSERT_TRUE(in_flight.ok()) << in_flight.status();
  EXPECT_EQ(in_flight->status, 200) << in_flight->body;
  EXPECT_EQ((*server)->WaitExit(absl::Minutes(2)), 0);
}

// Opens a connection to 127.0.0.1:`port` and sends `request` whole; the descriptor, or -1.
int SendRaw(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return -1;
  }
  return fd;
}

// A client that goes away while its request waits in the queue cancels it, as a gRPC client's
// cancellation does: the request gives up its place in a full queue and is never computed.
TEST(ServerHttpDisconnect, AClientThatDisconnectsWhileQueuedIsNeverComputed) {
  testing::WorkerHold hold(/*held=*/false);
  auto server =
      ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--http_port=0", "--workers=1",
                            "--max_queue=1", "--self_check=false", hold.Flag()},
                           /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = HttpPort(**server);
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  ASSERT_TRUE(testing::ClassifyOnce(stub.get(), "connect").status.ok());
  const v1::ModelStats base = testing::Stats(stub.get(), "cls");

  hold.Hold();
  testing::BackgroundClassify blocker(stub.get(), "hold");
  ASSERT_TRUE(blocker.WaitComputing());
  const std::string body = R"({"texts":["gone before it ran"]})";
  const int fd =
      SendRaw(port, absl::StrCat("POST /v1/classify HTTP/1.1\r\nHost: x\r\n",
                                 "Content-Type: application/json\r\nContent-Length: ", body.size(),
                                 "\r\n\r\n", body));
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(testing::WaitUntil([&] { return testing::Stats(stub.get(), "cls").queued() == 1; },
                                 absl::Seconds(30)));
  close(fd);

  // The queue (1) is full until the server has seen the disconnect; then the next request takes
  // the disconnected one's place while the worker is still held. Each try that is refused
  // (queue full) is sent again, at most 1000 times: the handler looks at its client every
  // 20 ms.
  std::vector<std::unique_ptr<testing::AsyncClassify>> tries;
  testing::AsyncClassify* admitted = nullptr;
  for (int attempt = 0; attempt < 1000 && admitted == nullptr; ++attempt) {
    tries.push_back(std::make_unique<testing::AsyncClassify>(stub.get(), "next"));
    testing::AsyncClassify* raw = tries.back().get();
    const int64_t before = base.requests_admitted() + 2;  // connect's excluded: the blocker, http
    ASSERT_TRUE(testing::WaitUntil(
        [&] {
          return raw->done.HasBeenNotified() ||
                 testing::Stats(stub.get(), "cls").requests_admitted() > before;
        },
        absl::Seconds(10)));
    if (!raw->done.HasBeenNotified()) {
      admitted = raw;
    } else {
      ASSERT_EQ(raw->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << raw->status.error_message();
    }
  }
  ASSERT_NE(admitted, nullptr) << "the disconnected request kept its place";
  const v1::ModelStats held = testing::Stats(stub.get(), "cls");
  EXPECT_EQ(held.cancelled_skipped() - base.cancelled_skipped(), 1);
  EXPECT_EQ(held.sequences_computed() - base.sequences_computed(), 0);  // the worker is held

  hold.Release();
  EXPECT_TRUE(blocker.Join().status.ok());
  admitted->done.WaitForNotification();
  EXPECT_TRUE(admitted->status.ok()) << admitted->status.error_message();
  const v1::ModelStats after = testing::Stats(stub.get(), "cls");
  EXPECT_EQ(after.cancelled_skipped() - base.cancelled_skipped(), 1);
  EXPECT_EQ(after.sequences_computed() - base.sequences_computed(), 2);  // blocker and next
  std::printf("disconnect seen after %zu refused tries\n", tries.size() - 1);
}

}  // namespace
}  // namespace octet
