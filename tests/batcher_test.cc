// The admission queue, the scheduler and the worker pool with a fake model (server/batcher.h,
// server/worker_pool.h): bounds, deadlines, cancellation, grouping, drain and stop.

#include "server/batcher.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduler_test_util.h"
#include "tests/test_util.h"

namespace octet::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using scheduler_test::FakeModel;

struct Outcome {
  absl::Notification done;
  absl::Status status;
  BatchFacts batch;
  Matrix output;
};

// A job of sequences with the given lengths; token ids are `tag`, so outputs can be traced.
class TestJob : public Job {
 public:
  TestJob(ServedModel* model, int tag, const std::vector<int>& lengths, Outcome* outcome)
      : Job(model, /*per_token_output=*/false), outcome_(outcome) {
    for (int n : lengths) inputs.Add(std::vector<int32_t>(n, tag), {});
  }
  std::atomic<bool>* cancelled = nullptr;
  bool IsCancelled() const override { return cancelled != nullptr && cancelled->load(); }
  void Complete(const absl::Status& status) override {
    outcome_->status = status;
    outcome_->batch = batch;
    outcome_->output = output;
    outcome_->done.Notify();
  }

 private:
  Outcome* outcome_;
};

class BatcherTest : public ::testing::Test {
 protected:
  void Start(int workers = 1, int max_queue = 8, BatchLimits limits = {4096, 64},
             absl::Duration batch_wait = absl::ZeroDuration(), WorkerPool::StartFn on_start = {}) {
    model_a_.name = "a";
    model_b_.name = "b";
    WorkerPool::Options po;
    po.workers = workers;
    pool_ = std::make_unique<WorkerPool>(
        po,
        [this](const Batch& b, const SequenceBatch& in, Workspace* ws, Matrix* out) {
          return fake_.Compute(b, in, ws, out);
        },
        std::move(on_start), &inflight_, &metrics_);
    ASSERT_OK(pool_->WaitReady());
    Batcher::Options bo;
    bo.max_queue = max_queue;
    bo.limits = limits;
    bo.batch_wait = batch_wait;
    batcher_ = std::make_unique<Batcher>(bo, pool_.get(), &inflight_, &metrics_);
  }
  void TearDown() override {
    fake_.Release();
    if (batcher_) batcher_->Stop();
    pool_.reset();
    EXPECT_EQ(inflight_.count(), 0);
  }
  absl::Status Submit(ServedModel* model, int tag, const std::vector<int>& lengths, Outcome* out,
                      absl::Time deadline = absl::InfiniteFuture(),
                      std::atomic<bool>* cancelled = nullptr) {
    auto job = std::make_unique<TestJob>(model, tag, lengths, out);
    job->deadline = deadline;
    job->cancelled = cancelled;
    return batcher_->Submit(std::move(job));
  }
  static bool Wait(Outcome& o) { return o.done.WaitForNotificationWithTimeout(absl::Seconds(10)); }

  NoopMetricsSink metrics_;
  InflightTracker inflight_{&metrics_};
  ServedModel model_a_, model_b_;
  FakeModel fake_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<Batcher> batcher_;
};

TEST_F(BatcherTest, ComputesAndScattersEachJobsRows) {
  Start();
  Outcome o1, o2;
  ASSERT_OK(Submit(&model_a_, 7, {3, 5}, &o1));
  ASSERT_TRUE(Wait(o1));
  ASSERT_OK(o1.status);
  ASSERT_EQ(o1.output.rows, 2);
  EXPECT_EQ(o1.output.row(0)[0], 7);
  EXPECT_EQ(o1.output.row(1)[1], 5);
  EXPECT_EQ(o1.batch.sequences, 2);
  EXPECT_EQ(o1.batch.tokens, 8);
  ASSERT_OK(Submit(&model_a_, 9, {4}, &o2));
  ASSERT_TRUE(Wait(o2));
  EXPECT_EQ(o2.output.row(0)[0], 9);
  EXPECT_EQ(model_a_.counters.batches.load(), 2);
  EXPECT_EQ(model_a_.counters.sequences_computed.load(), 3);
  EXPECT_EQ(model_a_.counters.tokens_computed.load(), 12);
}

TEST_F(BatcherTest, FullQueueIsRejectedAtOnceAndQueuedJobsStillRun) {
  Start(/*workers=*/1, /*max_queue=*/2, /*limits=*/{4096, 1});
  fake_.Hold();
  Outcome busy, q1, q2, rejected;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));  // the worker is busy; the queue is empty
  ASSERT_OK(Submit(&model_a_, 2, {4}, &q1));
  ASSERT_OK(Submit(&model_a_, 3, {4}, &q2));
  EXPECT_THAT(Submit(&model_a_, 4, {4}, &rejected),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("limit 2")));
  // At once: answered on the submitting thread while the worker is still held, so it was
  // neither queued nor waiting for a worker.
  EXPECT_TRUE(rejected.done.HasBeenNotified());
  EXPECT_EQ(model_a_.counters.queue_full_rejected.load(), 1);
  EXPECT_EQ(batcher_->queue_depth(), 2);
  fake_.Release();
  for (Outcome* o : {&busy, &q1, &q2}) {
    ASSERT_TRUE(Wait(*o));
    EXPECT_OK(o->status);
  }
  EXPECT_THAT(fake_.batch_strings(), ElementsAre("a:1", "a:2", "a:3"));
}

TEST_F(BatcherTest, QueuedJobsOfOneModelShareABatch) {
  Start();
  fake_.Hold();
  Outcome busy, a1, b1, a2, a3;
  ASSERT_OK(Submit(&model_b_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  ASSERT_OK(Submit(&model_a_, 2, {4}, &a1));
  ASSERT_OK(Submit(&model_b_, 3, {4}, &b1));
  ASSERT_OK(Submit(&model_a_, 4, {5, 6}, &a2));
  ASSERT_OK(Submit(&model_a_, 5, {3}, &a3));
  fake_.Release();
  for (Outcome* o : {&busy, &a1, &b1, &a2, &a3}) ASSERT_TRUE(Wait(*o));
  EXPECT_THAT(fake_.batch_strings(), ElementsAre("b:1", "a:2445", "b:3"));
  EXPECT_EQ(a2.batch.sequences, 4);
  EXPECT_EQ(a2.output.rows, 2);
  EXPECT_EQ(a2.output.row(0)[1], 5);
  EXPECT_EQ(a2.output.row(1)[1], 6);
  EXPECT_EQ(a3.output.row(0)[0], 5);
}

TEST_F(BatcherTest, TokenBudgetSplitsBatches) {
  Start(1, 8, /*limits=*/{10, 64});
  fake_.Hold();
  Outcome busy, o1, o2, o3;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  ASSERT_OK(Submit(&model_a_, 2, {6}, &o1));
  ASSERT_OK(Submit(&model_a_, 3, {6}, &o2));
  ASSERT_OK(Submit(&model_a_, 4, {4}, &o3));
  fake_.Release();
  for (Outcome* o : {&busy, &o1, &o2, &o3}) ASSERT_TRUE(Wait(*o));
  EXPECT_THAT(fake_.batch_strings(), ElementsAre("a:1", "a:24", "a:3"));
}

TEST_F(BatcherTest, DeadlinePassedInTheQueueSkipsTheJobWithoutCompute) {
  Start();
  fake_.Hold();
  Outcome busy, late, fine;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  // Still ahead at admission (a deadline already passed is refused there, see below)...
  const absl::Time deadline = absl::Now() + absl::Seconds(2);
  ASSERT_OK(Submit(&model_a_, 2, {4}, &late, deadline));
  ASSERT_OK(Submit(&model_a_, 3, {4}, &fine));
  // ...and passed while the job waits behind the held worker: wait for the clock, not a guess.
  while (absl::Now() <= deadline) absl::SleepFor(deadline - absl::Now() + absl::Milliseconds(1));
  fake_.Release();
  for (Outcome* o : {&busy, &late, &fine}) ASSERT_TRUE(Wait(*o));
  EXPECT_THAT(late.status,
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("not computed")));
  EXPECT_OK(fine.status);
  EXPECT_THAT(fake_.batch_strings(), ElementsAre("a:1", "a:3"));
  EXPECT_EQ(model_a_.counters.deadline_skipped.load(), 1);
  EXPECT_EQ(model_a_.counters.sequences_computed.load(), 2);
}

TEST_F(BatcherTest, ExpiredDeadlineIsRejectedAtAdmission) {
  Start();
  Outcome o;
  EXPECT_THAT(Submit(&model_a_, 1, {4}, &o, absl::Now() - absl::Milliseconds(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("before")));
  EXPECT_TRUE(o.done.HasBeenNotified());
  EXPECT_EQ(model_a_.counters.requests_admitted.load(), 0);
}

TEST_F(BatcherTest, CancelledJobIsSkipped) {
  Start();
  fake_.Hold();
  Outcome busy, gone;
  std::atomic<bool> cancelled{false};
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  ASSERT_OK(Submit(&model_a_, 2, {4}, &gone, absl::InfiniteFuture(), &cancelled));
  cancelled.store(true);
  fake_.Release();
  ASSERT_TRUE(Wait(busy));
  ASSERT_TRUE(Wait(gone));
  EXPECT_THAT(gone.status, StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled")));
  EXPECT_THAT(fake_.batch_strings(), ElementsAre("a:1"));
  EXPECT_EQ(model_a_.counters.cancelled_skipped.load(), 1);
}

TEST_F(BatcherTest, DrainRefusesNewJobsAndFinishesQueuedOnes) {
  Start();
  fake_.Hold();
  Outcome busy, queued, refused;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  ASSERT_OK(Submit(&model_a_, 2, {4}, &queued));
  batcher_->StartDrain();
  EXPECT_THAT(Submit(&model_a_, 3, {4}, &refused),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("shutting down")));
  // Both still in flight while the worker is held: the drain waits for them.
  EXPECT_EQ(inflight_.count(), 2);
  fake_.Release();
  EXPECT_TRUE(inflight_.WaitZero(absl::Now() + absl::Seconds(10)));
  // Off the count first, then answered: wait for the answers themselves.
  ASSERT_TRUE(Wait(busy));
  ASSERT_TRUE(Wait(queued));
  EXPECT_OK(busy.status);
  EXPECT_OK(queued.status);
}

TEST_F(BatcherTest, StopFailsQueuedJobsWithUnavailable) {
  Start();
  fake_.Hold();
  Outcome busy, queued;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  ASSERT_OK(Submit(&model_a_, 2, {4}, &queued));
  // Stop needs no free worker: the pool's stop wakes the scheduler.
  batcher_->Stop();
  ASSERT_TRUE(Wait(queued));
  EXPECT_THAT(queued.status, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("shutting down")));
  fake_.Release();
  pool_.reset();  // joins the worker, which finishes the batch it has
  ASSERT_TRUE(Wait(busy));
  EXPECT_OK(busy.status);
}

TEST_F(BatcherTest, ComputeErrorFailsEveryJobOfTheBatch) {
  Start();
  fake_.Hold();
  fake_.FailWith(absl::InternalError("kaput"));
  Outcome busy, o1, o2;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &busy));
  ASSERT_TRUE(fake_.WaitStarted(1));
  ASSERT_OK(Submit(&model_a_, 2, {4}, &o1));
  ASSERT_OK(Submit(&model_a_, 3, {4}, &o2));
  fake_.Release();
  for (Outcome* o : {&busy, &o1, &o2}) {
    ASSERT_TRUE(Wait(*o));
    EXPECT_THAT(o->status, StatusIs(absl::StatusCode::kInternal, HasSubstr("kaput")));
  }
}

TEST_F(BatcherTest, BatchWaitGathersALateArrival) {
  // A batch_wait far longer than the test, and room for two sequences: the lone first job waits
  // until the second fills its batch, however slowly this thread runs. (The pause lets the
  // scheduler take up the first job before the second arrives; the outcome does not depend on
  // it. Were batch_wait ignored, the first job would run alone.)
  Start(1, 8, {4096, 2}, /*batch_wait=*/absl::Hours(1));
  Outcome o1, o2;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &o1));
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_FALSE(o1.done.HasBeenNotified());
  ASSERT_OK(Submit(&model_a_, 2, {4}, &o2));
  ASSERT_TRUE(Wait(o1));
  ASSERT_TRUE(Wait(o2));
  EXPECT_THAT(fake_.batch_strings(), ElementsAre("a:12"));
}

TEST_F(BatcherTest, WorkersComputeInParallel) {
  Start(/*workers=*/2);
  fake_.Hold();
  Outcome o1, o2;
  ASSERT_OK(Submit(&model_a_, 1, {4}, &o1));
  ASSERT_OK(Submit(&model_b_, 2, {4}, &o2));
  EXPECT_TRUE(fake_.WaitStarted(2));  // both started before either finished
  fake_.Release();
  ASSERT_TRUE(Wait(o1));
  ASSERT_TRUE(Wait(o2));
}

TEST(WorkerPool, StartErrorIsReported) {
  NoopMetricsSink metrics;
  InflightTracker inflight(&metrics);
  WorkerPool::Options options;
  options.workers = 2;
  WorkerPool pool(
      options,
      [](const Batch&, const SequenceBatch&, Workspace*, Matrix*) { return absl::OkStatus(); },
      [](int worker, Workspace*) {
        return worker == 1 ? absl::InvalidArgumentError("model 'x': warm-up failed")
                           : absl::OkStatus();
      },
      &inflight, &metrics);
  EXPECT_THAT(pool.WaitReady(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("warm-up")));
}

}  // namespace
}  // namespace octet::server
