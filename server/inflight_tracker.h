#pragma once
// Counts admitted requests that have not been answered yet (queued or computing): the in-flight
// gauge per model, and, over all models, what a drain waits for.

#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/job.h"
#include "server/metrics_sink.h"
#include "server/served_model.h"

namespace octet::server {

class InflightTracker {
 public:
  explicit InflightTracker(MetricsSink* metrics) : metrics_(metrics) {}

  void Admitted(const ServedModel& model) {
    absl::MutexLock lock(&mu_);
    ++count_;
    const int64_t n = ++per_model_[&model];
    // Release (here and in Done): whoever reads a count also sees the queue depth stored before
    // it. Between the two stores GetModel may show one more queued than in flight.
    model.counters.inflight.store(n, std::memory_order_release);
    metrics_->SetInflight(model.name, n);
  }
  /// Answers an admitted job: it leaves the count first, so a client holding its answer never
  /// still sees it in flight. (A drain then waits for the answers themselves to be sent.)
  void Finish(JobPtr job, const absl::Status& status) {
    Done(*job->model());
    FinishJob(std::move(job), status);
  }
  int64_t count() const {
    absl::MutexLock lock(&mu_);
    return count_;
  }
  /// Blocks until nothing is in flight or `deadline` passes; true when nothing is in flight.
  bool WaitZero(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    auto zero = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return count_ == 0; };
    return mu_.AwaitWithDeadline(absl::Condition(&zero), deadline);
  }

 private:
  void Done(const ServedModel& model) {
    absl::MutexLock lock(&mu_);
    --count_;
    const int64_t n = --per_model_[&model];
    model.counters.inflight.store(n, std::memory_order_release);
    metrics_->SetInflight(model.name, n);
  }

  MetricsSink* const metrics_;  // not owned; outlives this
  mutable absl::Mutex mu_;
  int64_t count_ ABSL_GUARDED_BY(mu_) = 0;  // admitted and not yet completed, all models
  absl::flat_hash_map<const ServedModel*, int64_t> per_model_ ABSL_GUARDED_BY(mu_);
};

}  // namespace octet::server
