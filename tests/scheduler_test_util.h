#pragma once
// In-process fakes for the scheduler pieces (server/job.h, server/worker_pool.h,
// server/batcher.h): jobs that record every completion in a ledger, a model whose output rows
// say which job and sequence they came from and that can hold its worker until released, and a
// metrics sink that keeps the last value of each gauge. Everything here waits on conditions,
// never on time (the 10 s limits only turn a hang into a failure).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/job.h"
#include "server/metrics_sink.h"
#include "server/served_model.h"

/// EXPECT_OK(status_expression): the status is OK, else its message.
#ifndef EXPECT_OK
#define EXPECT_OK(expr) EXPECT_TRUE((expr).ok()) << (expr)
#endif

namespace octet::server::scheduler_test {

/// How long a wait may take before a test calls it a hang.
inline absl::Duration HangLimit() { return absl::Seconds(10); }

/// What became of each job, by id.
class Ledger {
 public:
  struct Entry {
    int completions = 0;
    bool destroyed = false;
    bool destroyed_before_completion = false;
    absl::Status status;
    Matrix output;
    BatchFacts batch;
  };

  void Completed(int id, const absl::Status& status, const Matrix& output,
                 const BatchFacts& batch) {
    absl::MutexLock lock(&mu_);
    Entry& e = entries_[id];
    ++e.completions;
    e.status = status;
    e.output = output;
    e.batch = batch;
    ++completions_;
  }
  void Destroyed(int id) {
    absl::MutexLock lock(&mu_);
    Entry& e = entries_[id];
    e.destroyed_before_completion = e.completions == 0;
    e.destroyed = true;
    if (e.completions > 0) ++finished_;
  }
  /// Waits until `n` jobs in all were completed and then destroyed (a job is destroyed right
  /// after its completion, on the same thread); false after HangLimit().
  bool WaitFinished(int n) {
    absl::MutexLock lock(&mu_);
    auto reached = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return finished_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), HangLimit());
  }
  Entry Get(int id) {
    absl::MutexLock lock(&mu_);
    return entries_[id];
  }
  int completions() {
    absl::MutexLock lock(&mu_);
    return completions_;
  }

 private:
  absl::Mutex mu_;
  std::map<int, Entry> entries_ ABSL_GUARDED_BY(mu_);
  int completions_ ABSL_GUARDED_BY(mu_) = 0;
  int finished_ ABSL_GUARDED_BY(mu_) = 0;  // completed, then destroyed
};

/// A job of sequences of the given lengths whose token ids are all `id`, so that the rows the
/// fake model computes for it can be traced back to it. Reports to `ledger`.
class TracedJob : public Job {
 public:
  TracedJob(ServedModel* model, int id, const std::vector<int>& lengths, Ledger* ledger,
            bool per_token_output = false)
      : Job(model, per_token_output), id_(id), ledger_(ledger) {
    for (int n : lengths) inputs.Add(std::vector<int32_t>(n, id), {});
  }
  ~TracedJob() override { ledger_->Destroyed(id_); }

  /// Set to have the job report that its client went away.
  std::atomic<bool> cancelled{false};
  bool IsCancelled() const override { return cancelled.load(); }
  void Complete(const absl::Status& status) override {
    ledger_->Completed(id_, status, output, batch);
  }

 private:
  const int id_;
  Ledger* const ledger_;
};

/// A model for WorkerPool's ComputeFn: one output row per sequence, [its first token id (the
/// job's id), its length]. Records the ids of every batch it computes and can hold its caller
/// until released.
class FakeModel {
 public:
  absl::Status Compute(const Batch& batch, const SequenceBatch& in, Workspace*, Matrix* logits) {
    {
      absl::MutexLock lock(&mu_);
      std::vector<int> ids;
      for (int64_t s = 0; s < in.num_sequences(); ++s) ids.push_back(in.ids[in.starts[s]]);
      batches_.push_back({batch.model->name, ids});
      ++started_;
    }
    if (hold_.load()) gate_.WaitForNotification();
    if (!fail_.ok()) return fail_;
    logits->Resize(in.num_sequences(), 2);
    for (int64_t s = 0; s < in.num_sequences(); ++s) {
      logits->row(s)[0] = static_cast<float>(in.ids[in.starts[s]]);
      logits->row(s)[1] = static_cast<float>(in.length(s));
    }
    return absl::OkStatus();
  }
  /// Batches block in Compute until Release().
  void Hold() { hold_.store(true); }
  void Release() {
    if (!gate_.HasBeenNotified()) gate_.Notify();
  }
  /// Every batch fails with `s` (set before any batch is computed).
  void FailWith(absl::Status s) { fail_ = std::move(s); }
  /// Waits until `n` batches have entered Compute; false after HangLimit().
  bool WaitStarted(int n) {
    absl::MutexLock lock(&mu_);
    auto reached = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return started_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), HangLimit());
  }
  struct Computed {
    std::string model;
    std::vector<int> ids;  // the first token id of each sequence, in batch order
  };
  std::vector<Computed> batches() {
    absl::MutexLock lock(&mu_);
    return batches_;
  }
  /// Each batch as "model:ids" with the sequences' first token ids run together (e.g. "a:12").
  std::vector<std::string> batch_strings() {
    std::vector<std::string> out;
    for (const Computed& b : batches()) {
      std::string s = b.model + ":";
      for (int id : b.ids) s += std::to_string(id);
      out.push_back(std::move(s));
    }
    return out;
  }
  /// Every job id computed, in order (one entry per sequence).
  std::vector<int> computed_ids() {
    std::vector<int> out;
    for (const Computed& b : batches()) out.insert(out.end(), b.ids.begin(), b.ids.end());
    return out;
  }

 private:
  absl::Mutex mu_;
  std::vector<Computed> batches_ ABSL_GUARDED_BY(mu_);
  int started_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<bool> hold_{false};
  absl::Notification gate_;
  absl::Status fail_;
};

/// Keeps the last queue depth and in-flight count published per model, and counts batches.
class GaugeSink final : public MetricsSink {
 public:
  void OnRequestDone(const RequestReport&) override {}
  void OnBatch(std::string_view, int64_t, int64_t) override {
    absl::MutexLock lock(&mu_);
    ++batches_;
  }
  void SetQueueDepth(std::string_view model, int64_t depth) override {
    absl::MutexLock lock(&mu_);
    queue_depth_[std::string(model)] = depth;
  }
  void SetInflight(std::string_view model, int64_t inflight) override {
    absl::MutexLock lock(&mu_);
    inflight_[std::string(model)] = inflight;
  }
  int64_t queue_depth(const std::string& model) {
    absl::MutexLock lock(&mu_);
    return queue_depth_[model];
  }
  int64_t inflight(const std::string& model) {
    absl::MutexLock lock(&mu_);
    return inflight_[model];
  }
  int64_t batches() {
    absl::MutexLock lock(&mu_);
    return batches_;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, int64_t> queue_depth_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> inflight_ ABSL_GUARDED_BY(mu_);
  int64_t batches_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace octet::server::scheduler_test
