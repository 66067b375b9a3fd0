// The drain on SIGTERM with 16 requests in flight: health turns NOT_SERVING while they are
// still held before computing, all 16 complete OK once released, later requests get UNAVAILABLE,
// the process exits 0 once they are answered, within the drain time; a second SIGTERM during a
// drain exits at once, before the request it interrupts could have been answered.

#include <signal.h>

#include <atomic>
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
using testing::Timed;
using HealthStatus = grpc::health::v1::HealthCheckResponse;

constexpr int kInFlight = 16;
constexpr int kDrainSeconds = 60;

TEST(ServerDrain, SixteenInFlightRequestsCompleteThenExitZero) {
  // The worker is held before its batches until the test has seen the drain begin, so the 16
  // requests are still in flight then however slow the machine is.
  testing::WorkerHold hold(/*held=*/true);
  auto server = ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--max_batch_size=16", hold.Flag(),
       "--self_check=false", "--drain_seconds=" + std::to_string(kDrainSeconds)},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->NewChannel();
  auto stub = v1::Inference::NewStub(channel);
  ASSERT_EQ(testing::HealthOf(channel), HealthStatus::SERVING);

  // Health is polled on a connection of its own, as a probe would, made before the signal.
  auto probe = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  ASSERT_TRUE(probe->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(5))));

  const v1::ModelStats before = testing::Stats(stub.get());
  std::vector<Timed> in_flight(kInFlight);
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kInFlight; ++i) {
    threads.emplace_back([&, i] {
      in_flight[i] = testing::ClassifyOnce(stub.get(), "in flight");
      answered.fetch_add(1);
    });
  }
  // All 16 admitted (the first batch held before computing, the rest queued behind it).
  EXPECT_TRUE(testing::WaitAdmitted(stub.get(), before, kInFlight));

  const absl::Time signalled = absl::Now();
  (*server)->Signal(SIGTERM);
  // Health flips at the start of the drain, while every admitted request is still held.
  const bool not_serving =
      testing::WaitUntil([&] { return testing::HealthOf(probe) == HealthStatus::NOT_SERVING; },
                         absl::Seconds(kDrainSeconds));
  std::printf("drain: health NOT_SERVING %.1f ms after SIGTERM\n",
              absl::ToDoubleMilliseconds(absl::Now() - signalled));
  EXPECT_TRUE(not_serving);
  EXPECT_EQ(answered.load(), 0);

  const Timed refused = testing::ClassifyOnce(stub.get(), "too late");
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << refused.status.error_message();

  hold.Release();
  for (std::thread& t : threads) t.join();
  for (const Timed& r : in_flight) EXPECT_TRUE(r.status.ok()) << r.status.error_message();
  const int code = (*server)->WaitExit(absl::Seconds(kDrainSeconds + 10));
  std::printf("drain: exit %d %.0f ms after SIGTERM\n", code,
              absl::ToDoubleMilliseconds(absl::Now() - signalled));
  EXPECT_EQ(code, 0);
  // The server says it drained: in-flight reached zero before the allowance ended (else it logs
  // "drain timed out" and exits anyway).
  EXPECT_TRUE((*server)->WaitForOutput("octet-server: drained", absl::Seconds(10)));
  EXPECT_THAT((*server)->output(), ::testing::Not(::testing::HasSubstr("drain timed out")));
  // After the exit nothing answers at all.
  const Timed gone = testing::ClassifyOnce(stub.get(), "gone", absl::Seconds(2));
  EXPECT_EQ(gone.status.error_code(), grpc::StatusCode::UNAVAILABLE) << gone.status.error_message();
}

TEST(ServerDrain, SecondSigtermExitsAtOnce) {
  // The slow request is held until the process has exited (the hold is never released), so an
  // exit that drained it would never come; WaitExit's limit only guards against hanging.
  testing::WorkerHold hold(/*held=*/true);
  auto server = ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--workers=1",
                                      hold.Flag(), "--self_check=false", "--drain_seconds=30"},
                                     /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->NewChannel();
  auto stub = v1::Inference::NewStub(channel);
  testing::BackgroundClassify slow(stub.get(), "slow");
  ASSERT_TRUE(slow.WaitComputing());
  (*server)->Signal(SIGTERM);
  // Draining now (the slow request still computing): the first signal has been handled.
  ASSERT_TRUE(testing::WaitHealth(channel, HealthStatus::NOT_SERVING));
  const absl::Time second = absl::Now();
  (*server)->Signal(SIGTERM);
  EXPECT_EQ((*server)->WaitExit(absl::Seconds(60)), 128 + SIGTERM);
  std::printf("drain: second SIGTERM exited after %.1f ms\n",
              absl::ToDoubleMilliseconds(absl::Now() - second));
  // At once: with the computing request still held, not after draining it.
  EXPECT_TRUE(hold.held());
  const Timed& r = slow.Join();
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::UNAVAILABLE) << r.status.error_message();
}

}  // namespace
}  // namespace octet
