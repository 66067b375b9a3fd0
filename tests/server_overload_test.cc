// Overload: the server's capacity C (requests/s at saturation) is measured, then 2×C is offered
// open loop from several client connections (tests/overload_load.h). What must hold: nothing
// crashes; every reply is OK or RESOURCE_EXHAUSTED and each rejection is counted; the queue
// never passes --max_queue; rejections never wait for the queue (their p50 is a fraction of the
// admitted requests'); goodput stays ≥ 0.9×C; right after, 100 sequential requests are all OK
// with latency back to normal. Each bound compares timings taken in this run; the absolute
// figures (the rejection p99 against 10 ms) are tests/bench/overload_bench's. The work per batch
// is fixed with --test_worker_delay_ms so that C is small enough for the load generator to share
// two cores with the server.

#include <algorithm>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/grpc_test_util.h"
#include "tests/overload_load.h"
#include "tests/server_process.h"

namespace octet {
namespace {

using testing::Percentile;

constexpr int kQueue = 16;
constexpr int kDelayMs = 8;

TEST(ServerOverload, TwiceTheCapacityKeepsGoodputAndFastRejections) {
  auto server = testing::ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--threads_per_worker=1",
       "--max_batch_size=1", "--max_queue=" + std::to_string(kQueue),
       "--test_worker_delay_ms=" + std::to_string(kDelayMs), "--self_check=false"},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  testing::OverloadOptions options;
  options.queue_bound = kQueue;
  options.load_time = absl::Seconds(20);
  auto report = testing::RunOverload(**server, options);
  ASSERT_TRUE(report.ok()) << report.status();
  const testing::OverloadReport& r = *report;
  ASSERT_TRUE(r.drained) << "open-loop calls still unanswered 15 s after the load";
  testing::PrintOverload(r, options);

  EXPECT_EQ((*server)->WaitExit(absl::Milliseconds(50)), -1) << "the server exited";
  EXPECT_EQ(r.other, 0);
  EXPECT_EQ(static_cast<int64_t>(r.ok_ms.size() + r.rejection_ms.size()), r.sent);
  EXPECT_GT(r.rejection_ms.size(), 0u) << "2×C did not overload the server";
  EXPECT_EQ(r.after.queue_full_rejected() - r.before.queue_full_rejected(),
            static_cast<int64_t>(r.rejection_ms.size()));
  EXPECT_LE(r.max_queued, kQueue);
  EXPECT_EQ(r.after.queued(), 0);
  EXPECT_EQ(r.after.inflight(), 0);
  // Rejections never wait for the queue; the admitted requests do (about Q batches), so the
  // typical rejection is answered many times faster, whatever the machine does.
  EXPECT_LT(Percentile(r.rejection_ms, 50), Percentile(r.ok_ms, 50) / 4);
  // Goodput against the lower of the two capacities (the machine's speed may drift).
  EXPECT_GE(r.goodput(), 0.9 * std::min(r.capacity, r.capacity_after));
  // Recovery: all OK, as fast as when idle.
  EXPECT_EQ(r.recovery_failures, 0);
  EXPECT_LE(Percentile(r.recovery_ms, 50), 1.5 * r.idle_p50_ms + 2.0);
}

}  // namespace
}  // namespace octet
