// The admission bound is exact: with the one worker held busy and --max_queue Q, 2Q concurrent
// requests give exactly Q RESOURCE_EXHAUSTED, each answered while the worker is still held (the
// test releases it only after all Q rejections arrived), while the other Q complete OK; the
// queue-full counter (GetModel) and the RESOURCE_EXHAUSTED count in /metrics grow by exactly Q, and
// the queue gauge holds exactly Q meanwhile.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"

namespace octet {
namespace {

using testing::ServerProcess;
using testing::Stats;
using testing::Timed;

constexpr int kQueue = 8;

TEST(ServerQueueBound, TwiceTheBoundRejectsExactlyTheBoundAtOnce) {
  testing::WorkerHold hold(/*held=*/false);
  auto server = ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1",
       "--max_queue=" + std::to_string(kQueue), hold.Flag(), "--self_check=false"},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  // Connect before anything is timed.
  ASSERT_TRUE(testing::ClassifyOnce(stub.get(), "connect").status.ok());
  const v1::ModelStats before = Stats(stub.get());
  // The Prometheus exporter's port, from the server's announcement.
  int metrics_port = 0;
  const std::string& out = (*server)->output();
  const size_t at = out.find("metrics on port ");
  if (at != std::string::npos) metrics_port = std::atoi(out.c_str() + at + 16);
  ASSERT_GT(metrics_port, 0) << out;
  const std::vector<std::string> rejections = {"code=\"RESOURCE_EXHAUSTED\"",
                                               "method=\"Classify\""};
  const double rejected_before = testing::MetricSum(testing::HttpGet(metrics_port, "/metrics"),
                                                    "octet_requests_total", rejections);

  // Hold the worker: one request computing, nothing queued, until the test releases it.
  hold.Hold();
  testing::BackgroundClassify blocker(stub.get(), "holds the worker");
  ASSERT_TRUE(blocker.WaitComputing());

  std::vector<Timed> flood(2 * kQueue);
  std::vector<int> answered_while_held(flood.size());  // not vector<bool>: one thread each
  std::atomic<bool> released{false};
  std::atomic<int> returned{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < flood.size(); ++i) {
    threads.emplace_back([&, i] {
      flood[i] = testing::ClassifyOnce(stub.get(), "flood");
      answered_while_held[i] = !released.load();
      ++returned;
    });
  }
  // The worker stays held until the queue holds exactly the bound and every extra request was
  // refused: rejections decided only when the worker takes from the queue would never come.
  v1::ModelStats held_stats;
  EXPECT_TRUE(testing::WaitUntil(
      [&] {
        held_stats = Stats(stub.get());
        return held_stats.queue_full_rejected() - before.queue_full_rejected() == kQueue;
      },
      absl::Seconds(60)));
  EXPECT_EQ(held_stats.requests_admitted() - before.requests_admitted(), 1 + kQueue);
  EXPECT_EQ(held_stats.queued(), kQueue);
  EXPECT_EQ(held_stats.sequences_computed() - before.sequences_computed(), 0);
  // The server counts a refusal a moment before its client sees it: wait for the refused
  // clients too before releasing, or the release races their bookkeeping.
  EXPECT_TRUE(testing::WaitUntil([&] { return returned.load() >= kQueue; }, absl::Seconds(60)))
      << "the refused requests were not answered while the worker was held";
  EXPECT_EQ(returned.load(), kQueue);
  released = true;
  hold.Release();
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(blocker.Join().status.ok()) << blocker.Join().status.error_message();

  int ok = 0, rejected = 0;
  absl::Duration slowest_rejection;
  for (size_t i = 0; i < flood.size(); ++i) {
    const Timed& r = flood[i];
    if (r.status.ok()) {
      ++ok;
      continue;
    }
    ++rejected;
    EXPECT_EQ(r.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << r.status.error_message();
    EXPECT_THAT(r.status.error_message(), ::testing::HasSubstr("limit 8"));
    // At once: answered before the worker could take anything from the queue.
    EXPECT_TRUE(answered_while_held[i]) << "a rejection took " << r.latency;
    slowest_rejection = std::max(slowest_rejection, r.latency);
  }
  std::printf("queue bound: %d rejected, %d OK; slowest rejection %.2f ms\n", rejected, ok,
              absl::ToDoubleMilliseconds(slowest_rejection));
  EXPECT_EQ(rejected, kQueue);
  EXPECT_EQ(ok, kQueue);

  const v1::ModelStats after = Stats(stub.get());
  EXPECT_EQ(after.queue_full_rejected() - before.queue_full_rejected(), kQueue);
  const std::string metrics = testing::HttpGet(metrics_port, "/metrics");
  EXPECT_EQ(testing::MetricSum(metrics, "octet_requests_total", rejections) - rejected_before,
            kQueue);
  EXPECT_EQ(testing::MetricSum(metrics, "octet_queue_depth", {"model=\"cls\""}), 0);
  EXPECT_EQ(testing::MetricSum(metrics, "octet_inflight_requests", {"model=\"cls\""}), 0);
  EXPECT_EQ(after.requests_admitted() - before.requests_admitted(), 1 + kQueue);
  EXPECT_EQ(after.sequences_computed() - before.sequences_computed(), 1 + kQueue);
  EXPECT_EQ(after.queued(), 0);
  EXPECT_EQ(after.inflight(), 0);
}

}  // namespace
}  // namespace octet
