// A job's life from admission to its one completion (server/job.h, server/batcher.h,
// server/worker_pool.h, server/inflight_tracker.h), in process with a fake model: a batch lays
// its jobs' sequences end to end and gives each job back its own rows; whether a job is still
// wanted; every job submitted is finished exactly once (computed, skipped, refused, or failed on
// stop) and destroyed right after; cancelled jobs never reach the model; jobs batched together
// get their own results; the in-flight and queue gauges return to 0. No timing: the fake model
// holds the one worker while the test arranges the queue.

#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/batcher.h"
#include "server/inflight_tracker.h"
#include "server/job.h"
#include "server/worker_pool.h"
#include "tests/scheduler_test_util.h"
#include "tests/test_util.h"

namespace octet::server {
namespace {

using scheduler_test::FakeModel;
using scheduler_test::GaugeSink;
using scheduler_test::Ledger;
using scheduler_test::TracedJob;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// --- One batch's inputs and outputs -----------------------------------------------------------

TEST(JobBatch, InputsLayTheJobsSequencesEndToEnd) {
  ServedModel model;
  Ledger ledger;
  Batch batch;
  batch.model = &model;
  batch.jobs.push_back(std::make_unique<TracedJob>(&model, 1, std::vector<int>{2, 3}, &ledger));
  batch.jobs.push_back(std::make_unique<TracedJob>(&model, 2, std::vector<int>{4}, &ledger));
  EXPECT_EQ(batch.sequences(), 3);
  EXPECT_EQ(batch.tokens(), 9);
  EXPECT_EQ(batch.jobs[0]->longest(), 3);
  const SequenceBatch in = batch.Inputs();
  EXPECT_THAT(in.ids, ElementsAre(1, 1, 1, 1, 1, 2, 2, 2, 2));
  EXPECT_THAT(in.starts, ElementsAre(0, 2, 5, 9));
  EXPECT_EQ(in.type_ids.size(), 9u);
  EXPECT_TRUE(in.attention_mask.empty());  // no job has one: all tokens attended
  batch.jobs.clear();                      // never completed: not part of any lifecycle below
}

TEST(JobBatch, OneJobsMaskIsKeptAndTheOthersAreAllOnes) {
  ServedModel model;
  Ledger ledger;
  Batch batch;
  batch.model = &model;
  batch.jobs.push_back(std::make_unique<TracedJob>(&model, 1, std::vector<int>{2}, &ledger));
  auto masked = std::make_unique<TracedJob>(&model, 2, std::vector<int>{}, &ledger);
  masked->inputs.Add({2, 2, 2}, {0, 1, 1}, {1, 1, 0});
  batch.jobs.push_back(std::move(masked));
  const SequenceBatch in = batch.Inputs();
  EXPECT_THAT(in.attention_mask, ElementsAre(1, 1, 1, 1, 0));
  EXPECT_THAT(in.type_ids, ElementsAre(0, 0, 0, 1, 1));
  batch.jobs.clear();
}

TEST(JobBatch, ScatterGivesEachJobItsOwnRowsPerSequenceOrPerToken) {
  ServedModel model;
  Ledger ledger;
  for (const bool per_token : {false, true}) {
    SCOPED_TRACE(per_token ? "per token" : "per sequence");
    Batch batch;
    batch.model = &model;
    batch.jobs.push_back(
        std::make_unique<TracedJob>(&model, 1, std::vector<int>{2, 1}, &ledger, per_token));
    batch.jobs.push_back(
        std::make_unique<TracedJob>(&model, 2, std::vector<int>{3}, &ledger, per_token));
    const int64_t rows = per_token ? batch.tokens() : batch.sequences();
    Matrix logits(rows, 2);
    for (int64_t r = 0; r < rows; ++r) {
      logits.row(r)[0] = static_cast<float>(r);
      logits.row(r)[1] = static_cast<float>(-r);
    }
    batch.ScatterOutputs(logits);
    const Matrix& first = batch.jobs[0]->output;
    const Matrix& second = batch.jobs[1]->output;
    ASSERT_EQ(first.rows, per_token ? 3 : 2);
    ASSERT_EQ(second.rows, per_token ? 3 : 1);
    ASSERT_EQ(first.cols, 2);
    for (int64_t r = 0; r < first.rows; ++r) EXPECT_EQ(first.row(r)[0], r);
    for (int64_t r = 0; r < second.rows; ++r) {
      EXPECT_EQ(second.row(r)[0], first.rows + r);
      EXPECT_EQ(second.row(r)[1], -(first.rows + r));
    }
    batch.jobs.clear();
  }
}

TEST(JobBatch, StillWantedUntilTheDeadlinePassesOrTheClientGoesAway) {
  ServedModel model;
  Ledger ledger;
  TracedJob job(&model, 1, {4}, &ledger);
  const absl::Time now = absl::UnixEpoch() + absl::Hours(1);  // a clock the test controls
  job.admitted = now - absl::Milliseconds(5);
  job.deadline = now + absl::Nanoseconds(1);
  EXPECT_OK(CheckStillWanted(job, now));
  EXPECT_THAT(CheckStillWanted(job, now + absl::Nanoseconds(1)),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("not computed")));
  EXPECT_EQ(model.counters.deadline_skipped.load(), 1);
  job.deadline = absl::InfiniteFuture();
  job.cancelled.store(true);
  EXPECT_THAT(CheckStillWanted(job, now),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled")));
  EXPECT_EQ(model.counters.cancelled_skipped.load(), 1);
  EXPECT_EQ(model.counters.deadline_skipped.load(), 1);
  EXPECT_EQ(ledger.completions(), 0);  // a check, not a completion
}

// --- Through the batcher and the pool ---------------------------------------------------------

class JobLifecycleTest : public ::testing::Test {
 protected:
  void Start(int max_queue, BatchLimits limits = {4096, 64}) {
    model_a_.name = "a";
    model_b_.name = "b";
    WorkerPool::Options po;
    po.workers = 1;
    pool_ = std::make_unique<WorkerPool>(
        po,
        [this](const Batch& b, const SequenceBatch& in, Workspace* ws, Matrix* out) {
          return fake_.Compute(b, in, ws, out);
        },
        WorkerPool::StartFn(), &inflight_, &sink_);
    ASSERT_OK(pool_->WaitReady());
    Batcher::Options bo;
    bo.max_queue = max_queue;
    bo.limits = limits;
    batcher_ = std::make_unique<Batcher>(bo, pool_.get(), &inflight_, &sink_);
  }
  void TearDown() override {
    fake_.Release();
    if (batcher_) batcher_->Stop();
    batcher_.reset();
    pool_.reset();
    // Whatever happened, every job submitted was finished exactly once and then destroyed.
    for (int id : submitted_) {
      const Ledger::Entry e = ledger_.Get(id);
      EXPECT_EQ(e.completions, 1) << "job " << id;
      EXPECT_TRUE(e.destroyed) << "job " << id;
      EXPECT_FALSE(e.destroyed_before_completion) << "job " << id;
    }
    EXPECT_EQ(inflight_.count(), 0);
    for (const char* m : {"a", "b"}) {
      EXPECT_EQ(sink_.inflight(m), 0) << m;
      EXPECT_EQ(sink_.queue_depth(m), 0) << m;
    }
  }

  // Submits job `id`; its raw pointer stays valid until the job is completed.
  TracedJob* Submit(ServedModel* model, int id, const std::vector<int>& lengths,
                    absl::Status* status, absl::Time deadline = absl::InfiniteFuture()) {
    auto job = std::make_unique<TracedJob>(model, id, lengths, &ledger_);
    job->deadline = deadline;
    TracedJob* raw = job.get();
    submitted_.push_back(id);
    *status = batcher_->Submit(std::move(job));
    return raw;
  }
  // Submits job `id` and expects it admitted.
  TracedJob* Admit(ServedModel* model, int id, const std::vector<int>& lengths) {
    absl::Status status;
    TracedJob* job = Submit(model, id, lengths, &status);
    EXPECT_OK(status);
    return job;
  }
  // Holds the one worker with job `id` (computing, nothing queued).
  void HoldWorker(int id) {
    fake_.Hold();
    Admit(&model_a_, id, {4});
    ASSERT_TRUE(fake_.WaitStarted(1));
  }

  GaugeSink sink_;
  InflightTracker inflight_{&sink_};
  ServedModel model_a_, model_b_;
  FakeModel fake_;
  Ledger ledger_;
  std::vector<int> submitted_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<Batcher> batcher_;
};

TEST_F(JobLifecycleTest, JobsBatchedTogetherEachGetTheirOwnResults) {
  Start(/*max_queue=*/16);
  HoldWorker(100);
  // Queued behind the held worker, interleaved across two models, lengths all different.
  const struct {
    ServedModel* model;
    int id;
    std::vector<int> lengths;
  } jobs[] = {{&model_a_, 1, {3}},   {&model_b_, 2, {5, 2}}, {&model_a_, 3, {4, 6}},
              {&model_b_, 4, {7}},   {&model_a_, 5, {1}},    {&model_a_, 6, {2, 2, 9}},
              {&model_b_, 7, {8, 1}}};
  for (const auto& j : jobs) Admit(j.model, j.id, j.lengths);
  EXPECT_EQ(inflight_.count(), 8);
  fake_.Release();
  ASSERT_TRUE(ledger_.WaitFinished(8));

  for (const auto& j : jobs) {
    SCOPED_TRACE(j.id);
    const Ledger::Entry e = ledger_.Get(j.id);
    ASSERT_OK(e.status);
    ASSERT_EQ(e.output.rows, static_cast<int64_t>(j.lengths.size()));
    for (size_t s = 0; s < j.lengths.size(); ++s) {
      EXPECT_EQ(e.output.row(s)[0], j.id) << "sequence " << s;
      EXPECT_EQ(e.output.row(s)[1], j.lengths[s]) << "sequence " << s;
    }
    EXPECT_GT(e.batch.sequences, static_cast<int64_t>(j.lengths.size())) << "computed alone";
  }
  // One batch per model after the held one, each job's sequences computed once.
  const auto batches = fake_.batches();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[1].model, "a");
  EXPECT_THAT(batches[1].ids, UnorderedElementsAre(1, 3, 3, 5, 6, 6, 6));
  EXPECT_EQ(batches[2].model, "b");
  EXPECT_THAT(batches[2].ids, UnorderedElementsAre(2, 2, 4, 7, 7));
  EXPECT_EQ(model_a_.counters.sequences_computed.load(), 8);  // with the held job
  EXPECT_EQ(model_b_.counters.sequences_computed.load(), 5);
}

TEST_F(JobLifecycleTest, CancelledQueuedJobsAreFinishedOnceAndNeverComputed) {
  Start(/*max_queue=*/16);
  HoldWorker(100);
  std::vector<TracedJob*> queued;
  for (int id = 1; id <= 6; ++id) queued.push_back(Admit(&model_a_, id, {id}));
  // The scheduler looks at the queue only once the worker is free: cancel every other one now.
  for (int id : {2, 4, 6}) queued[id - 1]->cancelled.store(true);
  fake_.Release();
  ASSERT_TRUE(ledger_.WaitFinished(7));

  for (int id : {1, 3, 5}) EXPECT_OK(ledger_.Get(id).status) << id;
  for (int id : {2, 4, 6}) {
    EXPECT_THAT(ledger_.Get(id).status,
                StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled")))
        << id;
  }
  EXPECT_THAT(fake_.computed_ids(), UnorderedElementsAre(100, 1, 3, 5));
  EXPECT_EQ(model_a_.counters.cancelled_skipped.load(), 3);
  EXPECT_EQ(model_a_.counters.requests_admitted.load(), 7);
}

TEST_F(JobLifecycleTest, EveryJobIsFinishedOnceWhateverBecomesOfIt) {
  Start(/*max_queue=*/3);
  HoldWorker(100);  // computing: finished OK once released
  Admit(&model_a_, 1, {4});
  Admit(&model_b_, 2, {4});
  TracedJob* cancelled = Admit(&model_a_, 3, {4});
  // The queue is full: refused at once, on this thread.
  absl::Status full, late, draining;
  Submit(&model_a_, 4, {4}, &full);
  EXPECT_THAT(full, StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("limit 3")));
  EXPECT_EQ(ledger_.Get(4).completions, 1);
  // A cancelled job gives up its place to the next one at admission.
  cancelled->cancelled.store(true);
  Admit(&model_b_, 5, {4});
  EXPECT_EQ(ledger_.Get(3).completions, 1);
  EXPECT_THAT(ledger_.Get(3).status,
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled")));
  // A deadline already passed: refused at admission.
  Submit(&model_a_, 6, {4}, &late, absl::InfinitePast());
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("before")));
  // Draining: refused; the queued ones are still wanted.
  batcher_->StartDrain();
  Submit(&model_a_, 7, {4}, &draining);
  EXPECT_THAT(draining, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("shutting down")));
  EXPECT_EQ(inflight_.count(), 4);  // the held job and the three queued
  EXPECT_EQ(sink_.queue_depth("a"), 1);
  EXPECT_EQ(sink_.queue_depth("b"), 2);

  // Stop while the worker is still held: the queued jobs fail with UNAVAILABLE, never computed;
  // the held one is finished by its worker.
  batcher_->Stop();
  for (int id : {1, 2, 5}) {
    EXPECT_THAT(ledger_.Get(id).status,
                StatusIs(absl::StatusCode::kUnavailable, HasSubstr("shutting down")))
        << id;
  }
  EXPECT_EQ(ledger_.Get(100).completions, 0);
  EXPECT_EQ(inflight_.count(), 1);
  fake_.Release();
  batcher_.reset();
  pool_.reset();  // joins the worker, which finishes the held batch
  EXPECT_OK(ledger_.Get(100).status);
  EXPECT_THAT(fake_.computed_ids(), ElementsAre(100));
  EXPECT_EQ(model_a_.counters.requests_admitted.load() + model_b_.counters.requests_admitted.load(),
            5);  // 100, 1, 2, 3, 5
  EXPECT_EQ(model_a_.counters.queue_full_rejected.load(), 1);
  EXPECT_EQ(model_a_.counters.cancelled_skipped.load(), 1);
  // TearDown checks that all eight were finished exactly once and the gauges are back at 0.
}

TEST_F(JobLifecycleTest, AFailingModelFailsEachJobOnceAndTheWorkerTakesTheNextBatch) {
  Start(/*max_queue=*/8, /*limits=*/{4096, 2});
  fake_.FailWith(absl::InternalError("kaput"));
  HoldWorker(100);
  Admit(&model_a_, 1, {4});
  Admit(&model_a_, 2, {4});
  Admit(&model_a_, 3, {4});  // a batch of its own: two sequences at most
  fake_.Release();
  ASSERT_TRUE(ledger_.WaitFinished(4));
  for (int id : {100, 1, 2, 3}) {
    EXPECT_THAT(ledger_.Get(id).status, StatusIs(absl::StatusCode::kInternal, HasSubstr("kaput")))
        << id;
  }
  EXPECT_EQ(fake_.batches().size(), 3u);
}

}  // namespace
}  // namespace octet::server
