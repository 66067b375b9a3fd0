// Memory growth (Triton's L0_memory_growth): after a warm-up, 10,000 mixed requests (Classify,
// Answer, Tokenize, ListModels) at concurrency 8; the server's resident set must grow by less
// than 16 MB overall and stay flat over the second half. The same run with the test-only leak
// switch must fail the check, which proves the check can fail.

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"

namespace octet {
namespace {

using testing::ServerProcess;

constexpr int kConcurrency = 8;
constexpr int kRounds = 10;
constexpr int kRequestsPerRound = 1000;
constexpr int kWarmupRequests = 1000;
constexpr int64_t kMaxGrowthKb = 16 * 1024;
constexpr int64_t kMaxSecondHalfGrowthKb = 4 * 1024;

// VmRSS of `pid` in kB; -1 when unreadable.
int64_t RssKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    long long kb = 0;
    if (std::sscanf(line.c_str(), "VmRSS: %lld kB", &kb) == 1) return kb;
  }
  return -1;
}

// "" when the samples (RSS after warm-up, then after each round) stay within the bounds;
// otherwise "growth: ..." saying which bound was exceeded and by how much.
std::string CheckRssGrowth(const std::vector<int64_t>& rss_kb) {
  if (rss_kb.size() < 3) return "too few samples";
  const int64_t base = rss_kb.front(), last = rss_kb.back();
  const int64_t middle = rss_kb[rss_kb.size() / 2];
  if (last - base >= kMaxGrowthKb) {
    return absl::StrFormat("growth: %d kB over the run (bound %d kB)", last - base, kMaxGrowthKb);
  }
  if (last - middle >= kMaxSecondHalfGrowthKb) {
    return absl::StrFormat("growth: %d kB in the second half (bound %d kB)", last - middle,
                           kMaxSecondHalfGrowthKb);
  }
  return "";
}

// Request `i` of a mixed stream; the call's status.
grpc::Status MixedRequest(v1::Inference::Stub* stub, int i) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  grpc::Status status;
  const std::string text =
      absl::StrFormat("request %d: the service was %s today", i, i % 3 == 0 ? "slow" : "wonderful");
  switch (i % 5) {
    case 0:
    case 1: {
      v1::ClassifyRequest request;
      request.set_model("cls");
      for (int t = 0; t <= i % 3; ++t) request.add_texts(text);
      v1::ClassifyResponse response;
      status = stub->Classify(&context, request, &response);
      break;
    }
    case 2: {
      v1::AnswerRequest request;
      request.set_model("qa");
      request.set_question("Where is the tower?");
      request.set_context(text + ". The Eiffel Tower is in Paris, the capital of France.");
      v1::AnswerResponse response;
      status = stub->Answer(&context, request, &response);
      break;
    }
    case 3: {
      v1::TokenizeRequest request;
      request.set_model("cls");
      request.set_text(text);
      v1::TokenizeResponse response;
      status = stub->Tokenize(&context, request, &response);
      break;
    }
    default: {
      v1::ListModelsResponse response;
      status = stub->ListModels(&context, v1::ListModelsRequest(), &response);
    }
  }
  return status;
}

// `count` mixed requests from kConcurrency client threads; "" when all succeeded, else how many
// failed and the first failure's code and message.
std::string RunRequests(const std::shared_ptr<grpc::Channel>& channel, int first, int count) {
  std::atomic<int> next{first}, failed{0};
  absl::Mutex mu;
  std::string first_failure;
  std::vector<std::thread> clients;
  for (int c = 0; c < kConcurrency; ++c) {
    clients.emplace_back([&] {
      auto stub = v1::Inference::NewStub(channel);
      for (int i = next++; i < first + count; i = next++) {
        const grpc::Status status = MixedRequest(stub.get(), i);
        if (status.ok()) continue;
        ++failed;
        absl::MutexLock lock(&mu);
        if (first_failure.empty()) {
          first_failure =
              absl::StrFormat("request %d (kind %d): code %d: %s", i, i % 5,
                              static_cast<int>(status.error_code()), status.error_message());
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  if (failed.load() == 0) return "";
  return absl::StrFormat("%d of %d failed; first: %s", failed.load(), count, first_failure);
}

// Starts a server, warms it up, runs the rounds; RSS after warm-up and after every round.
std::vector<int64_t> MeasureRss(const std::vector<std::string>& extra_flags) {
  std::vector<std::string> flags = {testing::ModelFlag("cls", "bert_cls2"),
                                    testing::ModelFlag("qa", "distil_qa"), "--noself_check"};
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  auto server = ServerProcess::Start(flags, /*wait_serving=*/true, testing::ServerStartLimit());
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return {};
  auto channel = (*server)->NewChannel();
  EXPECT_EQ(RunRequests(channel, 0, kWarmupRequests), "");
  std::vector<int64_t> rss = {RssKb((*server)->pid())};
  for (int r = 0; r < kRounds; ++r) {
    EXPECT_EQ(RunRequests(channel, kWarmupRequests + r * kRequestsPerRound, kRequestsPerRound), "");
    rss.push_back(RssKb((*server)->pid()));
  }
  std::string trace;
  for (int64_t kb : rss) trace += absl::StrFormat(" %.1f", kb / 1024.0);
  std::printf("RSS (MB) after warm-up, then every %d requests:%s\n", kRequestsPerRound,
              trace.c_str());
  return rss;
}

TEST(ServerMemoryGrowth, CheckFailsOnGrowthAndPassesWhenFlat) {
  EXPECT_EQ(CheckRssGrowth({100000, 100500, 101000, 101000, 101200}), "");
  EXPECT_TRUE(absl::StartsWith(CheckRssGrowth({100000, 110000, 120000}), "growth: 20000 kB over"));
  EXPECT_TRUE(absl::StartsWith(CheckRssGrowth({100000, 95000, 96000, 100000, 105000}),
                               "growth: 9000 kB in the second half"));
}

TEST(ServerMemoryGrowth, TenThousandMixedRequestsKeepRssFlat) {
  const std::vector<int64_t> rss = MeasureRss({});
  ASSERT_EQ(rss.size(), kRounds + 1u);
  EXPECT_EQ(CheckRssGrowth(rss), "");
}

TEST(ServerMemoryGrowth, DeliberateLeakFailsTheSameCheck) {
  // 4 KiB per request: 40 MB over the run, well past the 16 MB bound.
  const std::vector<int64_t> rss = MeasureRss({"--test_leak_bytes_per_request=4096"});
  ASSERT_EQ(rss.size(), kRounds + 1u);
  const std::string verdict = CheckRssGrowth(rss);
  EXPECT_TRUE(absl::StartsWith(verdict, "growth")) << verdict;
}

}  // namespace
}  // namespace octet
