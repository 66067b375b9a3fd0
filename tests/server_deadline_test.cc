// Deadlines and cancellation with the one worker held busy: a deadline that expires in the
// queue gives DEADLINE_EXCEEDED and the model never runs for it; cancelled queued requests
// never run and give up their queue places; a request cancelled while computing frees its slot;
// client processes killed mid-request leave the server healthy. Afterwards the queue and
// in-flight gauges are back at 0.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"

extern char** environ;

namespace octet {
namespace {

using testing::ServerProcess;
using testing::Stats;
using testing::Timed;
using HealthStatus = grpc::health::v1::HealthCheckResponse;

class ServerDeadline : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--workers=1",
                                        "--max_queue=2", hold_.Flag(), "--self_check=false"},
                                       /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = server_->NewChannel();
    stub_ = v1::Inference::NewStub(channel_);
    ASSERT_TRUE(testing::ClassifyOnce(stub_.get(), "connect").status.ok());
    base_ = Stats(stub_.get());
    ASSERT_EQ(base_.inflight(), 0);  // the connect request is off the count once answered
    ASSERT_EQ(base_.queued(), 0);
  }

  // Starts a request that holds the worker and waits until it is computing. The worker stays
  // held until ReleaseWorker().
  void HoldWorker() {
    hold_.Hold();
    blocker_ = std::make_unique<testing::BackgroundClassify>(stub_.get(), "hold");
    ASSERT_TRUE(blocker_->WaitComputing());
  }
  void ReleaseWorker() {
    hold_.Release();
    const Timed& r = blocker_->Join();
    EXPECT_TRUE(r.status.ok()) << r.status.error_message();
  }
  // Both gauges back at 0 (within a few batches' time).
  void ExpectGaugesReturnToZero() {
    EXPECT_TRUE(testing::WaitUntil(
        [&] {
          const v1::ModelStats s = Stats(stub_.get());
          return s.inflight() == 0 && s.queued() == 0;
        },
        testing::WaitLimit()));
    const v1::ModelStats s = Stats(stub_.get());
    EXPECT_EQ(s.queued(), 0);
    EXPECT_EQ(s.inflight(), 0);
  }
  int64_t Computed() {
    return Stats(stub_.get()).sequences_computed() - base_.sequences_computed();
  }

  testing::WorkerHold hold_{/*held=*/false};
  std::unique_ptr<ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Inference::Stub> stub_;
  v1::ModelStats base_;
  std::unique_ptr<testing::BackgroundClassify> blocker_;
};

TEST_F(ServerDeadline, DeadlineExpiringInTheQueueNeverRunsTheModel) {
  HoldWorker();
  // Deadlines that end while the worker is held (it is released only once both calls have
  // returned), far enough ahead to be admitted first.
  std::vector<Timed> late(2);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < late.size(); ++i) {
    threads.emplace_back(
        [&, i] { late[i] = testing::ClassifyOnce(stub_.get(), "late", absl::Seconds(2)); });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < late.size(); ++i) {
    EXPECT_EQ(late[i].status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
        << late[i].status.error_message();
  }
  EXPECT_EQ(Stats(stub_.get()).requests_admitted() - base_.requests_admitted(), 3);
  EXPECT_EQ(Computed(), 0);
  ReleaseWorker();
  // Skipped, never computed. As the deadline or as a cancellation: the client's expiry also
  // cancels the call, and the server's own deadline (its receipt time + the timeout) may still
  // be a moment ahead when the worker is released; which the server sees first is not this
  // test's business.
  auto skipped = [&](const v1::ModelStats& s) {
    return s.deadline_skipped() - base_.deadline_skipped() + s.cancelled_skipped() -
           base_.cancelled_skipped();
  };
  EXPECT_TRUE(
      testing::WaitUntil([&] { return skipped(Stats(stub_.get())) == 2; }, absl::Seconds(60)));
  const v1::ModelStats s = Stats(stub_.get());
  EXPECT_EQ(skipped(s), 2);
  EXPECT_EQ(s.requests_admitted() - base_.requests_admitted(), 3);
  EXPECT_EQ(Computed(), 1);  // the blocker only
  ExpectGaugesReturnToZero();
  EXPECT_TRUE(testing::ClassifyOnce(stub_.get(), "after").status.ok());
}

TEST_F(ServerDeadline, CancelledQueuedRequestsNeverRunAndGiveUpTheirPlaces) {
  HoldWorker();
  // Fill the queue (2) with calls that are then cancelled.
  using Pending = testing::AsyncClassify;
  std::vector<std::unique_ptr<Pending>> pending;
  for (int i = 0; i < 2; ++i)
    pending.push_back(std::make_unique<Pending>(stub_.get(), "cancel me"));
  ASSERT_TRUE(
      testing::WaitUntil([&] { return Stats(stub_.get()).queued() == 2; }, testing::WaitLimit()));
  for (auto& p : pending) p->context.TryCancel();
  for (auto& p : pending) {
    p->done.WaitForNotification();
    EXPECT_EQ(p->status.error_code(), grpc::StatusCode::CANCELLED);
  }
  // The queue is full of cancelled calls, the worker still busy: new requests get their places.
  // The client sees CANCELLED once it has sent the cancellation, the server once its transport
  // has read it, which nothing exposes. So each new request is sent again until admitted: a
  // refusal (queue full) means the server had not read the cancellations yet. Admitted while
  // the worker is still held (until ReleaseWorker below), a new request took the place of a
  // cancelled one at admission (the scheduler drops cancelled calls only once the worker is
  // free). At most 1000 tries each: the server reads a cancellation within a few.
  std::vector<std::unique_ptr<Pending>> next, refused;  // kept until answered
  for (int i = 0; i < 2; ++i) {
    const int64_t admitted = 3 + i;  // the blocker, the cancelled two, the earlier new ones
    for (int attempt = 0; attempt < 1000; ++attempt) {
      auto p = std::make_unique<Pending>(stub_.get(), "next", absl::Seconds(30));
      Pending* raw = p.get();
      const bool answered_or_admitted = testing::WaitUntil(
          [&] {
            return raw->done.HasBeenNotified() ||
                   Stats(stub_.get()).requests_admitted() - base_.requests_admitted() > admitted;
          },
          testing::WaitLimit());
      EXPECT_TRUE(answered_or_admitted);
      if (!answered_or_admitted || !raw->done.HasBeenNotified() || raw->status.ok()) {
        next.push_back(std::move(p));
        break;
      }
      EXPECT_EQ(raw->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << raw->status.error_message();
      refused.push_back(std::move(p));
    }
  }
  EXPECT_EQ(next.size(), 2u) << "not admitted while the queue held only cancelled calls";
  EXPECT_EQ(Computed(), 0);  // the worker is still held
  std::printf("cancelled places: new requests admitted after %zu refusals\n", refused.size());
  ReleaseWorker();
  for (auto& p : next) {
    p->done.WaitForNotification();
    EXPECT_TRUE(p->status.ok()) << p->status.error_message();
  }
  const v1::ModelStats s = Stats(stub_.get());
  EXPECT_EQ(s.cancelled_skipped() - base_.cancelled_skipped(), 2);
  EXPECT_EQ(s.queue_full_rejected() - base_.queue_full_rejected(),
            static_cast<int64_t>(refused.size()));
  EXPECT_EQ(Computed(), 3);  // the blocker and the two later requests
  ExpectGaugesReturnToZero();
}

TEST_F(ServerDeadline, CancellingAComputingRequestFreesItsSlot) {
  hold_.Hold();  // the request is cancelled while the worker holds it
  grpc::ClientContext context;
  v1::ClassifyRequest request;
  request.add_texts("computing");
  v1::ClassifyResponse response;
  grpc::Status status;
  absl::Notification done;
  stub_->async()->Classify(&context, &request, &response, [&](grpc::Status s) {
    status = std::move(s);
    done.Notify();
  });
  ASSERT_TRUE(testing::WaitUntil(
      [&] {
        const v1::ModelStats s = Stats(stub_.get());
        return s.requests_admitted() - base_.requests_admitted() == 1 && s.inflight() == 1 &&
               s.queued() == 0;
      },
      testing::WaitLimit()));
  context.TryCancel();
  done.WaitForNotification();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  hold_.Release();
  ExpectGaugesReturnToZero();
  // The worker is free for the next request, and the cancelled one was finished once: skipped
  // at the worker's check before compute (the usual case: cancelled during the worker's hold)
  // or computed, never both.
  const Timed after = testing::ClassifyOnce(stub_.get(), "after");
  EXPECT_TRUE(after.status.ok()) << after.status.error_message();
  const v1::ModelStats s = Stats(stub_.get());
  EXPECT_EQ(s.cancelled_skipped() - base_.cancelled_skipped() + Computed(), 2);
}

TEST_F(ServerDeadline, ClientsKilledMidRequestLeaveTheServerHealthy) {
  const std::string client = testing::ClientBinary();
  const std::string addr = "--addr=" + server_->address();
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE(round);
    std::vector<std::string> args = {client, "classify", addr, "--timeout-ms=30000", "slow"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int64_t admitted = Stats(stub_.get()).requests_admitted();
    hold_.Hold();  // the request stays in the server until its client is gone
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, client.c_str(), nullptr, nullptr, argv.data(), environ), 0);
    // Killed once its request is in the server (queued or computing).
    const bool arrived = testing::WaitUntil(
        [&] { return Stats(stub_.get()).requests_admitted() > admitted; }, testing::WaitLimit());
    kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(arrived);
    EXPECT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL);
    hold_.Release();
    ExpectGaugesReturnToZero();
  }
  EXPECT_EQ(testing::HealthOf(channel_), HealthStatus::SERVING);
  EXPECT_EQ(server_->WaitExit(absl::Milliseconds(50)), -1);  // still running
  const Timed after = testing::ClassifyOnce(stub_.get(), "after");
  EXPECT_TRUE(after.status.ok()) << after.status.error_message();
  // Each killed client's request was admitted once, then the one above.
  const v1::ModelStats s = Stats(stub_.get());
  EXPECT_EQ(s.requests_admitted() - base_.requests_admitted(), 6);
}

}  // namespace
}  // namespace octet
