// HTTP vs gRPC overhead on a running octet-server (started with --http_port): the same Classify
// request over both transports, closed loop — C client threads each keep one request in flight
// (gRPC: one shared channel; HTTP: one keep-alive connection per thread) — and per concurrency
// the p50 / p90 / p99 latency and the throughput of each, and the p50 of the time spent outside
// the server's own request time (client latency minus the response's total time: the transport).
//
//   http_overhead_bench --grpc_port G --http_port H [--model sentiment] [--requests 2000]
//                       [--concurrency 1,16] [--rounds 10] [--text "..."]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/http_client.h"

namespace {

struct Result {
  std::vector<double> latencies_ms;
  std::vector<double> outside_ms;  ///< latency minus the server's own total time
  double seconds = 0;
  int errors = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Runs `per_thread` calls of `call(thread)` on each of `threads` threads.
template <typename Call>
Result Run(int threads, int per_thread, Call call) {
  std::vector<std::vector<double>> lat(static_cast<size_t>(threads));
  std::vector<std::vector<double>> outside(static_cast<size_t>(threads));
  std::vector<int> errors(static_cast<size_t>(threads), 0);
  const absl::Time start = absl::Now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const absl::Time a = absl::Now();
        const double server_ms = call(t);  // < 0: failed
        const double ms = absl::ToDoubleMilliseconds(absl::Now() - a);
        lat[t].push_back(ms);
        outside[t].push_back(ms - server_ms);
        if (server_ms < 0) ++errors[t];
      }
    });
  }
  for (std::thread& th : pool) th.join();
  Result r;
  r.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  for (int t = 0; t < threads; ++t) {
    r.latencies_ms.insert(r.latencies_ms.end(), lat[t].begin(), lat[t].end());
    r.outside_ms.insert(r.outside_ms.end(), outside[t].begin(), outside[t].end());
    r.errors += errors[t];
  }
  return r;
}

void Print(const char* transport, int c, const Result& r) {
  std::printf(
      "%-5s c=%-3d n=%-6zu p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  %8.1f req/s  "
      "outside the server p50 %6.3f ms  errors %d\n",
      transport, c, r.latencies_ms.size(), Percentile(r.latencies_ms, 0.5),
      Percentile(r.latencies_ms, 0.9), Percentile(r.latencies_ms, 0.99),
      static_cast<double>(r.latencies_ms.size()) / r.seconds, Percentile(r.outside_ms, 0.5),
      r.errors);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int grpc_port = 0, http_port = 0, requests = 2000, rounds = 10;
  std::string model = "sentiment", text = "a warm, funny and moving film with a great cast";
  std::vector<int> concurrency = {1, 16};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--grpc_port") grpc_port = std::atoi(value.c_str());
    if (flag == "--http_port") http_port = std::atoi(value.c_str());
    if (flag == "--requests") requests = std::atoi(value.c_str());
    if (flag == "--rounds") rounds = std::max(1, std::atoi(value.c_str()));
    if (flag == "--model") model = value;
    if (flag == "--text") text = value;
    if (flag == "--concurrency") {
      concurrency.clear();
      for (absl::string_view c : absl::StrSplit(value, ',')) {
        int n = 0;
        if (absl::SimpleAtoi(c, &n) && n > 0) concurrency.push_back(n);
      }
    }
  }
  if (grpc_port <= 0 || http_port <= 0) {
    std::fprintf(stderr,
                 "usage: http_overhead_bench --grpc_port G --http_port H [--model M] "
                 "[--requests N] [--concurrency 1,16] [--rounds R] [--text T]\n");
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port),
                                     grpc::InsecureChannelCredentials());
  auto stub = octet::v1::Inference::NewStub(channel);
  octet::v1::ClassifyRequest request;
  request.set_model(model);
  request.add_texts(text);
  const std::string body = nlohmann::json({{"model", model}, {"texts", {text}}}).dump();
  for (const int c : concurrency) {
    const int per_thread = std::max(1, requests / c);
    // Warm both paths first (connections, the batcher's shapes).
    std::vector<std::unique_ptr<octet::testing::HttpConnection>> conns;
    for (int t = 0; t < c; ++t) {
      conns.push_back(std::make_unique<octet::testing::HttpConnection>(http_port));
    }
    auto grpc_call = [&](int) {
      grpc::ClientContext ctx;
      octet::v1::ClassifyResponse response;
      if (!stub->Classify(&ctx, request, &response).ok()) return -1.0;
      return static_cast<double>(response.timing().total_ns()) / 1e6;
    };
    auto http_call = [&](int t) {
      auto r = conns[static_cast<size_t>(t)]->Send(octet::testing::JsonPost("/v1/classify", body));
      double server_ms = -1;
      if (!r.ok() || r->status != 200 || !absl::SimpleAtod(r->Header("x-total-time"), &server_ms)) {
        return -1.0;
      }
      return server_ms;
    };
    Run(c, std::max(1, 50 / c), grpc_call);
    Run(c, std::max(1, 50 / c), http_call);
    // Interleaved rounds, so that drift in the machine's load hits both transports alike.
    auto merge = [](Result* a, const Result& b) {
      a->latencies_ms.insert(a->latencies_ms.end(), b.latencies_ms.begin(), b.latencies_ms.end());
      a->outside_ms.insert(a->outside_ms.end(), b.outside_ms.begin(), b.outside_ms.end());
      a->seconds += b.seconds;
      a->errors += b.errors;
    };
    Result grpc, http;
    for (int round = 0; round < rounds; ++round) {
      merge(&grpc, Run(c, std::max(1, per_thread / rounds), grpc_call));
      merge(&http, Run(c, std::max(1, per_thread / rounds), http_call));
    }
    Print("grpc", c, grpc);
    Print("http", c, http);
  }
  return 0;
}
