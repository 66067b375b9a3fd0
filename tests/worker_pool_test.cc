// The worker pool on its own (server/worker_pool.h) with a fake model: every job handed to it is
// finished exactly once, computed or skipped; the check right before compute skips jobs whose
// deadline passed or whose client went away, and they never reach the model; the rows of a
// batch go back to the job they belong to; a failing batch fails each of its jobs once; the
// in-flight count returns to 0; a worker is free again after each batch, however it ended; a
// stopped pool still finishes what it was given. No timing: the fake model holds its worker
// until the test releases it.

#include "server/worker_pool.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/inflight_tracker.h"
#include "tests/scheduler_test_util.h"
#include "tests/test_util.h"

namespace octet::server {
namespace {

using scheduler_test::FakeModel;
using scheduler_test::GaugeSink;
using scheduler_test::HangLimit;
using scheduler_test::Ledger;
using scheduler_test::TracedJob;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override { model_.name = "m"; }
  void Start(int workers = 1) {
    WorkerPool::Options options;
    options.workers = workers;
    pool_ = std::make_unique<WorkerPool>(
        options,
        [this](const Batch& b, const SequenceBatch& in, Workspace* ws, Matrix* out) {
          return fake_.Compute(b, in, ws, out);
        },
        WorkerPool::StartFn(), &inflight_, &sink_);
    ASSERT_OK(pool_->WaitReady());
  }
  void TearDown() override {
    fake_.Release();
    pool_.reset();
    EXPECT_EQ(inflight_.count(), 0);
    EXPECT_EQ(sink_.inflight("m"), 0);
  }

  // A job admitted as the batcher admits it (counted in flight), not yet handed over.
  std::unique_ptr<TracedJob> Admit(int id, const std::vector<int>& lengths) {
    auto job = std::make_unique<TracedJob>(&model_, id, lengths, &ledger_);
    inflight_.Admitted(model_);
    return job;
  }
  // Hands `jobs` to the pool as one batch, once a worker is free (as the batcher does).
  void Run(std::vector<std::unique_ptr<TracedJob>> jobs) {
    Batch batch;
    batch.model = &model_;
    for (auto& j : jobs) batch.jobs.push_back(std::move(j));
    ASSERT_TRUE(FreeWorker());
    pool_->Submit(std::move(batch));
  }
  // WaitForFreeWorker, given HangLimit() to return. (Run on a thread of its own; a pool that
  // never frees a worker releases it when stopped.)
  bool FreeWorker() {
    auto result = std::make_shared<std::atomic<int>>(-1);
    auto done = std::make_shared<absl::Notification>();
    std::thread waiter([pool = pool_.get(), result, done] {
      result->store(pool->WaitForFreeWorker() ? 1 : 0);
      done->Notify();
    });
    const bool returned = done->WaitForNotificationWithTimeout(HangLimit());
    if (!returned) pool_->Stop();
    waiter.join();
    return returned && result->load() == 1;
  }

  GaugeSink sink_;
  InflightTracker inflight_{&sink_};
  ServedModel model_;
  FakeModel fake_;
  Ledger ledger_;
  std::unique_ptr<WorkerPool> pool_;
};

TEST_F(WorkerPoolTest, EachJobOfABatchGetsItsOwnRowsOnce) {
  Start();
  std::vector<std::unique_ptr<TracedJob>> jobs;
  jobs.push_back(Admit(1, {3, 5}));
  jobs.push_back(Admit(2, {4}));
  jobs.push_back(Admit(3, {2, 6, 1}));
  EXPECT_EQ(inflight_.count(), 3);
  Run(std::move(jobs));
  ASSERT_TRUE(ledger_.WaitFinished(3));

  const struct {
    int id;
    std::vector<int> lengths;
  } want[] = {{1, {3, 5}}, {2, {4}}, {3, {2, 6, 1}}};
  for (const auto& w : want) {
    SCOPED_TRACE(w.id);
    const Ledger::Entry e = ledger_.Get(w.id);
    EXPECT_EQ(e.completions, 1);
    EXPECT_TRUE(e.destroyed);
    ASSERT_OK(e.status);
    ASSERT_EQ(e.output.rows, static_cast<int64_t>(w.lengths.size()));
    for (size_t s = 0; s < w.lengths.size(); ++s) {
      EXPECT_EQ(e.output.row(s)[0], w.id) << "sequence " << s;
      EXPECT_EQ(e.output.row(s)[1], w.lengths[s]) << "sequence " << s;
    }
    // What each learns about the batch it shared.
    EXPECT_EQ(e.batch.sequences, 6);
    EXPECT_EQ(e.batch.tokens, 21);
  }
  ASSERT_EQ(fake_.batches().size(), 1u);
  EXPECT_THAT(fake_.computed_ids(), ElementsAre(1, 1, 2, 3, 3, 3));
  EXPECT_EQ(model_.counters.batches.load(), 1);
  EXPECT_EQ(model_.counters.sequences_computed.load(), 6);
  EXPECT_EQ(model_.counters.tokens_computed.load(), 21);
  EXPECT_EQ(sink_.batches(), 1);
  EXPECT_EQ(inflight_.count(), 0);
}

TEST_F(WorkerPoolTest, JobsNoLongerWantedAreSkippedAndNeverComputed) {
  Start();
  std::vector<std::unique_ptr<TracedJob>> jobs;
  jobs.push_back(Admit(1, {4}));
  jobs.back()->deadline = absl::InfinitePast();  // passed while it waited for this worker
  jobs.push_back(Admit(2, {5}));
  jobs.push_back(Admit(3, {6}));
  jobs.back()->cancelled.store(true);  // the client went away
  Run(std::move(jobs));
  ASSERT_TRUE(ledger_.WaitFinished(3));

  EXPECT_THAT(ledger_.Get(1).status,
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("not computed")));
  EXPECT_OK(ledger_.Get(2).status);
  EXPECT_THAT(ledger_.Get(3).status, StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancel")));
  for (int id : {1, 2, 3}) EXPECT_EQ(ledger_.Get(id).completions, 1) << id;
  EXPECT_THAT(fake_.computed_ids(), ElementsAre(2));
  EXPECT_EQ(ledger_.Get(2).batch.sequences, 1);  // the batch as computed, without the skipped
  EXPECT_EQ(model_.counters.deadline_skipped.load(), 1);
  EXPECT_EQ(model_.counters.cancelled_skipped.load(), 1);
  EXPECT_EQ(model_.counters.sequences_computed.load(), 1);
  EXPECT_EQ(inflight_.count(), 0);
}

TEST_F(WorkerPoolTest, ABatchWithNothingLeftIsNotComputedAndFreesItsWorker) {
  Start(/*workers=*/1);
  std::vector<std::unique_ptr<TracedJob>> jobs;
  jobs.push_back(Admit(1, {4}));
  jobs.back()->cancelled.store(true);
  Run(std::move(jobs));
  ASSERT_TRUE(ledger_.WaitFinished(1));
  EXPECT_THAT(ledger_.Get(1).status, StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancel")));
  EXPECT_TRUE(fake_.batches().empty());
  EXPECT_EQ(model_.counters.batches.load(), 0);
  // The one worker takes the next batch.
  std::vector<std::unique_ptr<TracedJob>> next;
  next.push_back(Admit(2, {4}));
  Run(std::move(next));
  ASSERT_TRUE(ledger_.WaitFinished(2));
  EXPECT_OK(ledger_.Get(2).status);
  EXPECT_THAT(fake_.computed_ids(), ElementsAre(2));
}

TEST_F(WorkerPoolTest, AFailedBatchFailsEachOfItsJobsOnceAndFreesItsWorker) {
  Start(/*workers=*/1);
  fake_.FailWith(absl::InternalError("kaput"));
  std::vector<std::unique_ptr<TracedJob>> jobs;
  jobs.push_back(Admit(1, {4}));
  jobs.push_back(Admit(2, {3}));
  Run(std::move(jobs));
  ASSERT_TRUE(ledger_.WaitFinished(2));
  for (int id : {1, 2}) {
    const Ledger::Entry e = ledger_.Get(id);
    EXPECT_EQ(e.completions, 1) << id;
    EXPECT_THAT(e.status, StatusIs(absl::StatusCode::kInternal, HasSubstr("kaput"))) << id;
  }
  EXPECT_EQ(inflight_.count(), 0);
  EXPECT_TRUE(FreeWorker());
}

TEST_F(WorkerPoolTest, StopWakesTheWaiterAndTheBatchInHandIsStillFinished) {
  Start(/*workers=*/1);
  fake_.Hold();
  std::vector<std::unique_ptr<TracedJob>> jobs;
  jobs.push_back(Admit(1, {4}));
  Run(std::move(jobs));
  ASSERT_TRUE(fake_.WaitStarted(1));
  // The only worker is busy: a waiter would block until Stop, which makes it return false.
  absl::Notification waited;
  std::atomic<int> result{-1};
  std::thread waiter([&] {
    result.store(pool_->WaitForFreeWorker() ? 1 : 0);
    waited.Notify();
  });
  pool_->Stop();
  EXPECT_TRUE(waited.WaitForNotificationWithTimeout(HangLimit()));
  waiter.join();
  EXPECT_EQ(result.load(), 0);
  EXPECT_EQ(ledger_.completions(), 0);
  fake_.Release();
  pool_.reset();  // joins the worker, which finishes its batch
  const Ledger::Entry e = ledger_.Get(1);
  EXPECT_EQ(e.completions, 1);
  EXPECT_OK(e.status);
  EXPECT_TRUE(e.destroyed);
}

TEST_F(WorkerPoolTest, ABatchHandedOverAsThePoolStopsIsFinishedOnce) {
  // A worker was free, then the pool was told to stop before the batch arrived: either the
  // worker still takes it (OK) or the pool finishes it on destruction (UNAVAILABLE, never
  // computed), whichever happens first; never both, never neither.
  Start(/*workers=*/1);
  ASSERT_TRUE(FreeWorker());
  pool_->Stop();
  Batch batch;
  batch.model = &model_;
  batch.jobs.push_back(Admit(1, {4}));
  pool_->Submit(std::move(batch));
  pool_.reset();
  const Ledger::Entry e = ledger_.Get(1);
  EXPECT_EQ(e.completions, 1);
  EXPECT_TRUE(e.destroyed);
  if (e.status.ok()) {
    EXPECT_THAT(fake_.computed_ids(), ElementsAre(1));
  } else {
    EXPECT_THAT(e.status, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("shutting down")));
    EXPECT_TRUE(fake_.batches().empty());
  }
  EXPECT_EQ(inflight_.count(), 0);
}

TEST(WorkerPoolStart, EveryWorkerRunsItsStartOnceOnItsOwnWorkspace) {
  GaugeSink sink;
  InflightTracker inflight(&sink);
  WorkerPool::Options options;
  options.workers = 3;
  absl::Mutex mu;
  std::vector<int> started;
  std::vector<Workspace*> workspaces;
  {
    WorkerPool pool(
        options,
        [](const Batch&, const SequenceBatch&, Workspace*, Matrix*) { return absl::OkStatus(); },
        [&](int worker, Workspace* ws) {
          absl::MutexLock lock(&mu);
          started.push_back(worker);
          workspaces.push_back(ws);
          return absl::OkStatus();
        },
        &inflight, &sink);
    ASSERT_OK(pool.WaitReady());
    absl::MutexLock lock(&mu);
    std::sort(started.begin(), started.end());
    EXPECT_THAT(started, ElementsAre(0, 1, 2));
    std::sort(workspaces.begin(), workspaces.end());
    EXPECT_EQ(std::unique(workspaces.begin(), workspaces.end()), workspaces.end());
  }
}

}  // namespace
}  // namespace octet::server
