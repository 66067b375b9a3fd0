// octet-server's Prometheus metrics, scraped from the real binary over loopback: after a known
// sequence of requests (OK, INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED) the counters and
// histogram counts are exact; the process, model and build facts are sane; `promtool check
// metrics` finds nothing; a real Prometheus server scrapes the same numbers.

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "core/kernels/cpu_features.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/scrape_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using scrape::Labels;
using scrape::Scrape;
using ::testing::HasSubstr;
using testing::ServerProcess;

constexpr int kMaxQueue = 2;
constexpr int kExtra = 2;       // requests beyond the queue: RESOURCE_EXHAUSTED
constexpr int kDelayMs = 1000;  // the one worker's pause before each batch

// {model, method, code} → requests: what octet_requests_total must say.
using Expected = std::map<std::tuple<std::string, std::string, std::string>, double>;

class ServerMetrics : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {testing::ModelFlag("cls", "bert_cls2"), testing::ModelFlag("qa", "distil_qa"),
         "--workers=1", "--max_batch_size=1", "--max_queue=" + std::to_string(kMaxQueue),
         "--test_worker_delay_ms=" + std::to_string(kDelayMs), hold_.Flag(), "--self_check=false"},
        /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    const std::string& out = server_->output();
    const size_t at = out.find("octet-server: metrics on port ");
    ASSERT_NE(at, std::string::npos) << out;
    metrics_port_ = std::atoi(out.c_str() + at + std::strlen("octet-server: metrics on port "));
    ASSERT_GT(metrics_port_, 0) << out;
    stub_ = v1::Inference::NewStub(server_->NewChannel());
  }

  Scrape ScrapeNow() {
    auto r = scrape::HttpGet(metrics_port_, "/metrics");
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return Scrape();
    EXPECT_EQ(r->status, 200);
    raw_ = r->body;
    return Scrape::Parse(r->body);
  }

  grpc::Status Classify(const std::string& model, const std::string& text, int* tokens = nullptr) {
    v1::ClassifyRequest r;
    r.set_model(model);
    if (!text.empty()) r.add_texts(text);
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    v1::ClassifyResponse resp;
    grpc::Status s = stub_->Classify(&ctx, r, &resp);
    if (s.ok() && tokens != nullptr) *tokens += resp.results(0).token_count();
    return s;
  }

  // Sends the known sequence; every call is answered when this returns.
  Expected RunKnownSequence() {
    Expected e;
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(Classify("cls", "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    }
    e[{"cls", "Classify", "INVALID_ARGUMENT"}] = 2;
    EXPECT_EQ(Classify("no_such_model", "hi").error_code(), grpc::StatusCode::NOT_FOUND);
    e[{"none", "Classify", "NOT_FOUND"}] = 1;
    {
      v1::AnswerRequest r;
      r.set_model("qa");
      r.set_question("where is it?");
      r.set_context("It is in Paris.");
      grpc::ClientContext ctx;
      v1::AnswerResponse resp;
      EXPECT_TRUE(stub_->Answer(&ctx, r, &resp).ok());
      e[{"qa", "Answer", "OK"}] = 1;
    }
    {
      v1::TokenizeRequest r;
      r.set_model("cls");
      r.set_text("hello");
      grpc::ClientContext ctx;
      v1::TokenizeResponse resp;
      EXPECT_TRUE(stub_->Tokenize(&ctx, r, &resp).ok());
      e[{"cls", "Tokenize", "OK"}] = 1;
      grpc::ClientContext list_ctx;
      v1::ListModelsResponse list;
      EXPECT_TRUE(stub_->ListModels(&list_ctx, v1::ListModelsRequest(), &list).ok());
      e[{"none", "ListModels", "OK"}] = 1;
    }
    // One request holds the worker (until the test releases it); kMaxQueue more fill the queue;
    // kExtra are refused.
    hold_.Hold();
    std::atomic<int> tokens{0};
    std::thread blocker([&] {
      int t = 0;
      EXPECT_TRUE(Classify("cls", "the food was good", &t).ok());
      tokens += t;
    });
    // Wait until the worker holds it: admitted (in flight), then no longer queued. Two scrapes,
    // in that order: one scrape may collect the queue gauge before the request was admitted
    // and the in-flight gauge after. (Answered requests left the in-flight count before their
    // answers, so the 1 is the blocker.)
    EXPECT_TRUE(testing::WaitUntil(
        [&] {
          return ScrapeNow().Value("octet_inflight_requests", {{"model", "cls"}}) == 1 &&
                 ScrapeNow().Value("octet_queue_depth", {{"model", "cls"}}) == 0;
        },
        testing::WaitLimit()))
        << "the blocker never reached the worker";
    std::atomic<int> ok{0}, exhausted{0};
    std::vector<std::thread> flood;
    for (int i = 0; i < kMaxQueue + kExtra; ++i) {
      flood.emplace_back([&] {
        int t = 0;
        const grpc::Status s = Classify("cls", "the service was slow", &t);
        tokens += t;
        (s.ok() ? ok : exhausted) += 1;
        if (!s.ok()) {
          EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
        }
      });
    }
    // Refusals come at once; the queued requests only after the release.
    EXPECT_TRUE(testing::WaitUntil([&] { return exhausted.load() == kExtra; }, absl::Seconds(60)));
    EXPECT_EQ(ok.load(), 0);
    hold_.Release();
    for (std::thread& t : flood) t.join();
    blocker.join();
    EXPECT_EQ(ok.load(), kMaxQueue);
    EXPECT_EQ(exhausted.load(), kExtra);
    tokens_ += tokens.load();
    e[{"cls", "Classify", "OK"}] += 1 + kMaxQueue;
    e[{"cls", "Classify", "RESOURCE_EXHAUSTED"}] = kExtra;
    return e;
  }

  testing::WorkerHold hold_{/*held=*/false};
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Inference::Stub> stub_;
  int metrics_port_ = 0;
  int tokens_ = 0;   // tokens of the served Classify requests, as their responses report
  std::string raw_;  // the last scrape's text
};

// FP32 bytes (weights and bias) of every linear layer of a fixture, from its config.json: per
// encoder layer Q, K, V, the attention output (H×H) and the FFN (H×I, I×H); then the head:
// qa_outputs (H×2), or pooler / pre_classifier (H×H) and the classifier (H×labels).
double Fp32LinearBytes(const std::string& fixture) {
  const nlohmann::json c =
      nlohmann::json::parse(testing::ReadFileOrDie(testing::FixtureDir(fixture) + "/config.json"));
  const bool distil = c.contains("dim");
  const int64_t h = c[distil ? "dim" : "hidden_size"].get<int64_t>();
  const int64_t i = c[distil ? "hidden_dim" : "intermediate_size"].get<int64_t>();
  const int64_t layers = c[distil ? "n_layers" : "num_hidden_layers"].get<int64_t>();
  int64_t params = layers * (4 * (h * h + h) + (h * i + i) + (i * h + h));
  if (c["architectures"][0].get<std::string>().find("QuestionAnswering") != std::string::npos) {
    params += 2 * h + 2;
  } else {
    const auto labels = static_cast<int64_t>(c["id2label"].size());
    params += (h * h + h) + (h * labels + labels);
  }
  return 4.0 * static_cast<double>(params);
}

// The dashboard's queries, with Grafana's variables set to match everything.
std::vector<std::string> DashboardQueries() {
  const nlohmann::json d = nlohmann::json::parse(testing::ReadFileOrDie(
      std::string(OCTET_TEST_DATA_DIR) + "/../../deploy/grafana/octet.json"));
  std::vector<std::string> out;
  for (const nlohmann::json& panel : d["panels"]) {
    for (const nlohmann::json& target : panel["targets"]) {
      std::string e = target["expr"].get<std::string>();
      for (const auto& [var, value] :
           {std::pair<std::string, std::string>{"$__rate_interval", "1m"},
            {"$job", ".*"},
            {"$model", ".*"}}) {
        for (size_t at; (at = e.find(var)) != std::string::npos;) e.replace(at, var.size(), value);
      }
      out.push_back(e);
    }
  }
  return out;
}

double Count(const Expected& e, const std::string& model, const std::string& method) {
  double n = 0;
  for (const auto& [key, v] : e) {
    if (std::get<0>(key) == model && std::get<1>(key) == method) n += v;
  }
  return n;
}

TEST_F(ServerMetrics, CountersAndHistogramCountsMatchAKnownSequenceExactly) {
  const Expected expected = RunKnownSequence();
  const Scrape s = ScrapeNow();

  // octet_requests_total: exactly these series, exactly these values.
  Expected got;
  for (const auto* m : s.Samples("octet_requests_total")) {
    got[{m->labels.at("model"), m->labels.at("method"), m->labels.at("code")}] = m->value;
  }
  EXPECT_EQ(got, expected) << raw_;
  EXPECT_EQ(s.Type("octet_requests_total"), "counter");

  // End-to-end duration: every request; per stage, tokens and memory: the computed ones.
  const std::pair<std::string, std::string> keys[] = {{"cls", "Classify"},
                                                      {"none", "Classify"},
                                                      {"qa", "Answer"},
                                                      {"cls", "Tokenize"},
                                                      {"none", "ListModels"}};
  for (const auto& [model, method] : keys) {
    EXPECT_EQ(
        s.Value("octet_request_duration_seconds_count", {{"model", model}, {"method", method}}),
        Count(expected, model, method))
        << model << " " << method;
  }
  const double cls_served = expected.at({"cls", "Classify", "OK"});
  for (const char* stage : {"queue", "tokenize", "inference", "postprocess"}) {
    const Labels cls = {{"model", "cls"}, {"method", "Classify"}, {"stage", stage}};
    const Labels qa = {{"model", "qa"}, {"method", "Answer"}, {"stage", stage}};
    EXPECT_EQ(s.Value("octet_request_stage_duration_seconds_count", cls), cls_served) << stage;
    EXPECT_EQ(s.Value("octet_request_stage_duration_seconds_count", qa), 1) << stage;
  }
  EXPECT_TRUE(
      s.Samples("octet_request_stage_duration_seconds_count", {{"method", "Tokenize"}}).empty());
  // Each served request waited for the worker's pause: seconds, not another unit.
  EXPECT_GE(s.Value("octet_request_stage_duration_seconds_sum",
                    {{"model", "cls"}, {"method", "Classify"}, {"stage", "queue"}}),
            cls_served * kDelayMs / 1000.0);
  const Labels cls = {{"model", "cls"}, {"method", "Classify"}};
  EXPECT_EQ(s.Value("octet_request_tokens_count", cls), cls_served);
  EXPECT_EQ(s.Value("octet_request_tokens_sum", cls), tokens_);
  EXPECT_EQ(s.Value("octet_request_tokens_count", {{"model", "qa"}, {"method", "Answer"}}), 1);
  EXPECT_EQ(s.Value("octet_request_memory_bytes_count", cls), cls_served);
  EXPECT_GT(s.Value("octet_request_memory_bytes_sum", cls), 0);
  EXPECT_EQ(s.Value("octet_request_memory_bytes_count", {{"model", "qa"}, {"method", "Answer"}}),
            1);

  // One sequence a batch (--max_batch_size=1): a batch per served request.
  EXPECT_EQ(s.Value("octet_batch_size_count", {{"model", "cls"}}), cls_served);
  EXPECT_EQ(s.Value("octet_batch_size_sum", {{"model", "cls"}}), cls_served);
  EXPECT_EQ(s.Value("octet_batch_tokens_sum", {{"model", "cls"}}), tokens_);
  EXPECT_EQ(s.Value("octet_batch_size_count", {{"model", "qa"}}), 1);

  // Histograms are well formed: cumulative buckets, +Inf equal to _count; the duration buckets
  // span 100 µs to 10 s.
  EXPECT_EQ(scrape::CheckHistograms(s), "");
  EXPECT_FALSE(std::isnan(s.Value("octet_request_duration_seconds_bucket",
                                  {{"model", "cls"}, {"method", "Classify"}, {"le", "0.0001"}})));
  EXPECT_FALSE(std::isnan(s.Value("octet_request_duration_seconds_bucket",
                                  {{"model", "cls"}, {"method", "Classify"}, {"le", "10"}})));

  // Every metric the dashboard queries is exported (histograms by their series names).
  for (const std::string& query : DashboardQueries()) {
    const std::regex name("\\b(octet|process)_[a-z_]+");
    for (std::sregex_iterator it(query.begin(), query.end(), name), end; it != end; ++it) {
      std::string family = it->str();
      for (const char* suffix : {"_bucket", "_count", "_sum"}) {
        const std::string base = family.substr(0, family.size() - std::strlen(suffix));
        if (absl::EndsWith(family, suffix) && s.Type(base) == "histogram") family = base;
      }
      EXPECT_NE(s.Type(family), "") << family << " in the dashboard query " << query;
    }
  }

  // Gauges return to 0 once everything is answered (in-flight drops just before the reply goes
  // out).
  Scrape later = s;
  testing::WaitUntil(
      [&] {
        later = ScrapeNow();
        return later.Value("octet_inflight_requests", {{"model", "cls"}}) == 0;
      },
      testing::WaitLimit());
  EXPECT_EQ(later.Value("octet_inflight_requests", {{"model", "cls"}}), 0);
  EXPECT_EQ(later.Value("octet_queue_depth", {{"model", "cls"}}), 0);
  EXPECT_EQ(later.Value("octet_queue_depth", {{"model", "qa"}}), 0);
}

TEST_F(ServerMetrics, RequestMemoryIsWhatTheRequestsOwnBatchUsed) {
  // A short text, a long one, the short one again (max_batch_size 1: each its own batch). The
  // histogram's sum grows by each request's bytes: the short one reports the same before and
  // after the long one (the worker's buffers stay grown, the figure does not), the long one more.
  const Labels cls = {{"model", "cls"}, {"method", "Classify"}};
  std::string long_text;
  for (int i = 0; i < 8; ++i) long_text += "the soup was cold and the service slow ";  // 114 tokens
  std::vector<double> bytes;
  double before = ScrapeNow().Value("octet_request_memory_bytes_sum", cls);
  if (std::isnan(before)) before = 0;
  for (const std::string& text : {std::string("good"), long_text, std::string("good")}) {
    ASSERT_TRUE(Classify("cls", text).ok());
    const double sum = ScrapeNow().Value("octet_request_memory_bytes_sum", cls);
    bytes.push_back(sum - before);
    before = sum;
  }
  EXPECT_GT(bytes[0], 0);
  EXPECT_GT(bytes[1], 4 * bytes[0]) << "a 114-token request against a 3-token one";
  EXPECT_EQ(bytes[2], bytes[0]);
}

TEST_F(ServerMetrics, ModelProcessAndBuildFactsAreThereBeforeAnyRequest) {
  const Scrape s = ScrapeNow();
  for (const auto& [model, fixture] :
       {std::pair<std::string, std::string>{"cls", "bert_cls2"}, {"qa", "distil_qa"}}) {
    grpc::ClientContext ctx;
    v1::GetModelRequest get;
    get.set_name(model);
    v1::GetModelResponse info;
    ASSERT_TRUE(stub_->GetModel(&ctx, get, &info).ok());
    const double int8 =
        s.Value("octet_model_weight_bytes", {{"model", model}, {"precision", "int8"}});
    const double fp32 =
        s.Value("octet_model_weight_bytes", {{"model", model}, {"precision", "fp32"}});
    // Every linear layer is int8 here: "fp32" is what all of them take in FP32; int8 holds at
    // least a byte a weight (plus packing and per-channel terms), and less than FP32.
    EXPECT_EQ(fp32, Fp32LinearBytes(fixture)) << model;
    EXPECT_GE(int8, fp32 / 4) << model;
    EXPECT_LT(int8, fp32) << model;
    EXPECT_LT(int8, info.model().weight_bytes()) << model;  // embeddings stay FP32
    EXPECT_NEAR(s.Value("octet_model_load_seconds", {{"model", model}}),
                info.model().load_seconds(), 1e-9)
        << model;
    EXPECT_EQ(s.Value("octet_queue_depth", {{"model", model}}), 0) << model;
    EXPECT_EQ(s.Value("octet_inflight_requests", {{"model", model}}), 0) << model;
  }
  EXPECT_EQ(s.Value("octet_build_info", {{"version", "0.1.0"}, {"isa", Int8KernelFamily()}}), 1)
      << raw_;
  EXPECT_TRUE(s.Samples("octet_requests_total").empty());

  const double rss = s.Value("process_resident_memory_bytes", {});
  EXPECT_GT(rss, 1 << 20);
  EXPECT_GE(s.Value("process_virtual_memory_bytes", {}), rss);
  EXPECT_GT(s.Value("process_cpu_seconds_total", {}), 0);
  EXPECT_EQ(s.Type("process_cpu_seconds_total"), "counter");
  const double start = s.Value("process_start_time_seconds", {});
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_GT(start, now - 300);
  EXPECT_LE(start, now + 1);
  const double fds = s.Value("process_open_fds", {});
  EXPECT_GT(fds, 2);
  EXPECT_GE(s.Value("process_max_fds", {}), fds);
}

TEST_F(ServerMetrics, PromtoolFindsNothingInARealScrape) {
  const std::string promtool = scrape::FindProgram("promtool");
  if (promtool.empty()) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  RunKnownSequence();
  ScrapeNow();
  const std::string file = ::testing::TempDir() + "/octet_scrape_" + std::to_string(getpid());
  std::ofstream(file) << raw_;
  const testing::CommandResult r =
      testing::RunCommand(promtool + " check metrics < " + file + " 2>&1");
  std::remove(file.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST_F(ServerMetrics, PrometheusServerScrapesTheExactCounters) {
  const std::string prometheus = scrape::FindProgram("prometheus");
  if (prometheus.empty()) GTEST_SKIP() << "prometheus not installed (Debian package prometheus)";
  const Expected expected = RunKnownSequence();

  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / ("octet_prom_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  const std::string target = "127.0.0.1:" + std::to_string(metrics_port_);
  std::ofstream(dir / "prometheus.yml")
      << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
      << "scrape_configs:\n  - job_name: octet\n    static_configs:\n"
      << "      - targets: [\"" << target << "\"]\n";
  const int web_port = scrape::FreeLoopbackPort();
  ASSERT_GT(web_port, 0);
  scrape::ChildProcess prom(
      {prometheus, "--config.file=" + (dir / "prometheus.yml").string(),
       "--storage.tsdb.path=" + (dir / "data").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(web_port), "--log.level=warn"},
      (dir / "prometheus.log").string());
  ASSERT_TRUE(prom.running());

  // Bounded: Prometheus starts, scrapes within 1 s intervals, and answers the query.
  nlohmann::json result;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    auto r = scrape::HttpGet(web_port, "/api/v1/query?query=octet_requests_total");
    if (r.ok() && r->status == 200) {
      const nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
      if (!j.is_discarded() && j.value("status", "") == "success" &&
          j["data"]["result"].size() == expected.size()) {
        result = j["data"]["result"];
        break;
      }
    }
    absl::SleepFor(absl::Milliseconds(250));
  }
  ASSERT_FALSE(result.is_null()) << "no scrape within 30 s; log: "
                                 << scrape::ReadTail((dir / "prometheus.log").string());
  Expected got;
  for (const nlohmann::json& series : result) {
    const nlohmann::json& m = series["metric"];
    EXPECT_EQ(m.value("job", ""), "octet");
    EXPECT_EQ(m.value("instance", ""), target);
    got[{m.value("model", ""), m.value("method", ""), m.value("code", "")}] =
        std::stod(series["value"][1].get<std::string>());
  }
  EXPECT_EQ(got, expected);

  // Every dashboard query is valid PromQL and has data once a few scrapes are in.
  for (const std::string& query : DashboardQueries()) {
    std::string status, body;
    size_t series = 0;
    do {
      auto r = scrape::HttpGet(web_port, "/api/v1/query?query=" + scrape::UrlEncode(query));
      const nlohmann::json j =
          r.ok() ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
      status = j.is_object() ? j.value("status", "") : "";
      series = status == "success" ? j["data"]["result"].size() : 0;
      body = r.ok() ? r->body.substr(0, 300) : std::string(r.status().message());
      if (series == 0) absl::SleepFor(absl::Milliseconds(250));
    } while (series == 0 && status != "error" && absl::Now() < deadline + absl::Seconds(10));
    EXPECT_EQ(status, "success") << query << "\n" << body;
    EXPECT_GT(series, 0u) << query << "\n" << body;
  }
  prom.Kill();
  fs::remove_all(dir);
}

TEST(ServerMetricsStart, MetricsPortInUseStopsTheStartNamingThePort) {
  scrape::LoopbackListener taken;
  ASSERT_GT(taken.port(), 0);
  const std::string port = std::to_string(taken.port());
  const testing::CommandResult r =
      testing::RunCommand(testing::ServerBinary() +
                          " --host=127.0.0.1 --port=0 --self_check=false --metrics_port=" + port +
                          " " + testing::ModelFlag("cls", "bert_cls2") + " 2>&1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output,
              HasSubstr("--metrics_port " + port + ": cannot listen on 127.0.0.1:" + port));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("listening on port")));
}

}  // namespace
}  // namespace octet
