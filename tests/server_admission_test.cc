// Bounded admission and deadlines over a real channel: with the one worker held busy until the
// test releases it (--test_worker_hold_file), N queued requests fill --max_queue N and k more
// are refused with RESOURCE_EXHAUSTED while the worker is still held; a deadline shorter than the
// queue wait
// gives DEADLINE_EXCEEDED and the model never runs for that request (the server's counters
// prove it).

#include <atomic>
#include <functional>
#include <memory>
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

constexpr int kMaxQueue = 3;
constexpr int kExtra = 2;

class ServerAdmission : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--max_batch_size=1",
         "--max_queue=" + std::to_string(kMaxQueue), hold_.Flag(), "--self_check=false"},
        /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::Inference::NewStub(server_->NewChannel());
    // Connect now so that connection set-up does not count in the timings below.
    grpc::ClientContext ctx;
    v1::ListModelsResponse list;
    ASSERT_TRUE(stub_->ListModels(&ctx, v1::ListModelsRequest(), &list).ok());
  }

  testing::Timed Classify(absl::Duration timeout = absl::Seconds(30)) {
    return testing::ClassifyOnce(stub_.get(), "the food was good", timeout);
  }
  v1::ModelStats Stats() { return testing::Stats(stub_.get()); }
  // A request that holds the worker, computing once this returns; the worker stays held until
  // hold_.Release().
  std::unique_ptr<testing::BackgroundClassify> HoldWorker() {
    hold_.Hold();
    auto blocker = std::make_unique<testing::BackgroundClassify>(stub_.get(), "the food was good");
    EXPECT_TRUE(blocker->WaitComputing());
    return blocker;
  }

  // Polls the statistics until `done` holds for them (or the wait limit passes); the last ones
  // read.
  v1::ModelStats StatsWhen(const std::function<bool(const v1::ModelStats&)>& done) {
    v1::ModelStats stats;
    testing::WaitUntil(
        [&] {
          stats = Stats();
          return done(stats);
        },
        testing::WaitLimit());
    return stats;
  }

  testing::WorkerHold hold_{/*held=*/false};
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Inference::Stub> stub_;
};

TEST_F(ServerAdmission, FullQueueRefusesExactlyTheExtraRequestsAtOnce) {
  auto blocker = HoldWorker();  // the worker holds it; the queue is empty

  std::vector<testing::Timed> flood(kMaxQueue + kExtra);
  std::vector<int> answered_while_held(flood.size());  // not vector<bool>: one thread each
  std::atomic<bool> released{false};
  std::atomic<int> returned{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < flood.size(); ++i) {
    threads.emplace_back([&, i] {
      flood[i] = Classify();
      answered_while_held[i] = !released.load();
      ++returned;
    });
  }
  // Released only once the extra requests were refused (which cannot wait for the worker) and
  // their answers reached the client threads: the server counts a refusal a moment before the
  // client sees it, so releasing on the counter alone races the threads' bookkeeping.
  const v1::ModelStats held =
      StatsWhen([](const v1::ModelStats& s) { return s.queue_full_rejected() == kExtra; });
  EXPECT_EQ(held.queue_full_rejected(), kExtra);
  EXPECT_EQ(held.queued(), kMaxQueue);
  EXPECT_EQ(held.sequences_computed(), 0);
  EXPECT_TRUE(testing::WaitUntil([&] { return returned.load() >= kExtra; }, testing::WaitLimit()))
      << "the refused requests were not answered while the worker was held";
  EXPECT_EQ(returned.load(), kExtra);
  released = true;
  hold_.Release();
  for (std::thread& t : threads) t.join();
  const testing::Timed& first = blocker->Join();
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  int ok = 0, exhausted = 0;
  for (size_t i = 0; i < flood.size(); ++i) {
    const testing::Timed& r = flood[i];
    if (r.status.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(r.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << r.status.error_message();
      EXPECT_THAT(r.status.error_message(), ::testing::HasSubstr("queue is full"));
      // Answered at once, while the worker is still held, not once it takes from the queue.
      EXPECT_TRUE(answered_while_held[i]) << r.latency;
      ++exhausted;
    }
  }
  EXPECT_EQ(exhausted, kExtra);
  EXPECT_EQ(ok, kMaxQueue);
  const v1::ModelStats stats = Stats();
  EXPECT_EQ(stats.requests_admitted(), 1 + kMaxQueue);
  EXPECT_EQ(stats.sequences_computed(), 1 + kMaxQueue);
}

TEST_F(ServerAdmission, DeadlineShorterThanTheQueueWaitSkipsCompute) {
  auto blocker = HoldWorker();
  // A deadline that ends while the worker is held (the request waits behind it: the hold lasts
  // until the call has returned), far enough ahead to be admitted first.
  const testing::Timed late = Classify(absl::Seconds(2));
  EXPECT_EQ(late.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(Stats().requests_admitted(), 2);
  hold_.Release();
  ASSERT_TRUE(blocker->Join().status.ok());
  // The worker frees up after the blocker; the scheduler then drops the expired request, as
  // expired or as cancelled (the client's expiry cancels the call too, and the server's own
  // deadline, from its receipt time, may be a moment later).
  const v1::ModelStats stats = StatsWhen(
      [](const v1::ModelStats& s) { return s.deadline_skipped() + s.cancelled_skipped() > 0; });
  EXPECT_EQ(stats.deadline_skipped() + stats.cancelled_skipped(), 1);
  EXPECT_EQ(stats.requests_admitted(), 2);
  EXPECT_EQ(stats.sequences_computed(), 1);  // the blocker only
  EXPECT_EQ(stats.batches(), 1);
  // The server is fine afterwards.
  EXPECT_TRUE(Classify().status.ok());
}

TEST_F(ServerAdmission, CancelledRequestIsNeverComputed) {
  auto blocker = HoldWorker();
  grpc::ClientContext ctx;
  v1::ClassifyRequest r;
  r.add_texts("cancel me");
  v1::ClassifyResponse resp;
  std::thread canceller([&] {  // once the request waits in the queue
    EXPECT_TRUE(testing::WaitUntil([&] { return Stats().queued() == 1; }, testing::WaitLimit()));
    ctx.TryCancel();
  });
  const grpc::Status s = stub_->Classify(&ctx, r, &resp);
  canceller.join();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::CANCELLED);
  hold_.Release();
  blocker->Join();
  const v1::ModelStats stats =
      StatsWhen([](const v1::ModelStats& s) { return s.cancelled_skipped() > 0; });
  EXPECT_EQ(stats.cancelled_skipped(), 1);
  EXPECT_EQ(stats.sequences_computed(), 1);
}

}  // namespace
}  // namespace octet
