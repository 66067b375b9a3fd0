#pragma once
// Bounded admission and the one scheduler thread. Request handlers Submit
// jobs: a full queue is RESOURCE_EXHAUSTED at once, never unbounded memory. The scheduler waits
// for a free worker, drops queued jobs whose deadline passed or whose client went away, picks
// the next batch (server/batch_policy.h) and hands it to the worker pool.

#include <deque>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/batch_policy.h"
#include "server/inflight_tracker.h"
#include "server/job.h"
#include "server/metrics_sink.h"
#include "server/worker_pool.h"

namespace octet::server {

class Batcher {
 public:
  struct Options {
    /// Jobs admitted but not yet handed to a worker.
    int max_queue = 256;
    BatchLimits limits;
    /// How long a lone job may wait for others to fill its batch.
    absl::Duration batch_wait;
  };

  /// Starts the scheduler thread. `pool`, `inflight` and `metrics` must outlive the batcher.
  Batcher(const Options& options, WorkerPool* pool, InflightTracker* inflight,
          MetricsSink* metrics);
  /// Stop() and join.
  ~Batcher();
  Batcher(const Batcher&) = delete;
  Batcher& operator=(const Batcher&) = delete;

  /// Admits a job or completes it at once (on this thread) with the reason and returns that
  /// status: UNAVAILABLE when draining, DEADLINE_EXCEEDED when its deadline has already
  /// passed, RESOURCE_EXHAUSTED when the queue is full (after queued jobs whose client went
  /// away or whose deadline passed were dropped to make room).
  absl::Status Submit(JobPtr job);

  /// From now on Submit answers UNAVAILABLE; queued jobs are still computed.
  void StartDrain();
  /// Stops the scheduler: jobs still queued are completed with UNAVAILABLE; also stops the pool.
  void Stop();

  int64_t queue_depth() const;

 private:
  void SchedulerLoop();
  // Waits for jobs (and, with batch_wait, for the oldest job's batch to fill or its wait to
  // end); moves jobs that must be skipped into `skipped` and the next batch into `batch`.
  // False when stopping.
  bool NextBatch(Batch* batch, std::vector<std::pair<JobPtr, absl::Status>>* skipped);
  // Moves queued jobs whose deadline passed or whose client went away into `skipped`.
  void DropUnwanted(absl::Time now, std::vector<std::pair<JobPtr, absl::Status>>* skipped)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Completes skipped jobs (outside the lock) and empties `skipped`.
  void FinishSkipped(std::vector<std::pair<JobPtr, absl::Status>>* skipped);
  // Adds `delta` to the model's queued count and publishes it.
  void CountQueued(const ServedModel& model, int64_t delta) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  WorkerPool* const pool_;           // not owned
  InflightTracker* const inflight_;  // not owned
  MetricsSink* const metrics_;       // not owned

  mutable absl::Mutex mu_;
  std::deque<JobPtr> queue_ ABSL_GUARDED_BY(mu_);  // admitted jobs, oldest first
  int64_t arrivals_ ABSL_GUARDED_BY(mu_) = 0;      // jobs admitted so far (wakes batch_wait)
  absl::flat_hash_map<const ServedModel*, int64_t> queued_ ABSL_GUARDED_BY(mu_);  // per model
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  std::thread thread_;  // the scheduler; joined by Stop()
};

}  // namespace octet::server
