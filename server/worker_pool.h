#pragma once
// N inference workers. Each owns a thread and a Workspace whose ops run on T threads; the model
// is shared read-only. The batcher hands a batch to a free worker; the worker checks each job
// once more (deadline, cancellation), runs the forward pass, scatters the outputs and completes
// the jobs.

#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/runtime/workspace.h"
#include "server/inflight_tracker.h"
#include "server/job.h"
#include "server/metrics_sink.h"

namespace octet::server {

class WorkerPool {
 public:
  /// Runs a batch's inputs through its model, writing logits as Model::Forward does.
  using ComputeFn =
      std::function<absl::Status(const Batch&, const SequenceBatch&, Workspace*, Matrix*)>;
  /// Runs once on each worker, on its thread and workspace, before it takes batches (warm-up).
  using StartFn = std::function<absl::Status(int worker, Workspace*)>;

  struct Options {
    int workers = 1;
    int threads_per_worker = 1;
    /// Optional; called on the worker's thread before each batch (a test seam, see
    /// server/server_hooks.h).
    std::function<void()> before_batch;
  };

  /// Starts the worker threads; each runs `on_start` (may be empty) and then takes batches.
  WorkerPool(const Options& options, ComputeFn compute, StartFn on_start, InflightTracker* inflight,
             MetricsSink* metrics);
  /// Stops and joins the workers. Batches already submitted are still computed (at most one per
  /// worker: only free workers are given batches).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Blocks until every worker has run its start function; the first error, if any.
  absl::Status WaitReady();
  /// Blocks until a worker is free to take a batch (and stays free until Submit, as only the
  /// one batcher thread submits). False when the pool is stopping.
  bool WaitForFreeWorker();
  /// Hands `batch` to a free worker. Call only after WaitForFreeWorker returned true.
  void Submit(Batch batch);
  /// Stops taking batches and wakes everything waiting (WaitForFreeWorker returns false).
  void Stop();

  /// Memory: a worker frees its workspace after warm-up, and then, every kTrimEveryBatches
  /// batches and whenever it has waited kIdleTrimAfter for a batch, frees the buffers that hold
  /// more than twice what the batches since the previous trim used (Workspace::Trim), so one
  /// burst of large batches does not keep its memory; idle for two such periods, it holds none.
  static constexpr int64_t kTrimEveryBatches = 64;
  static constexpr absl::Duration kIdleTrimAfter = absl::Seconds(5);

  /// The default ComputeFn: batch.model->model->Forward.
  static absl::Status ForwardThroughModel(const Batch& batch, const SequenceBatch& inputs,
                                          Workspace* ws, Matrix* logits);

 private:
  void WorkerLoop(int index);
  void RunBatch(Batch batch, Workspace* ws, Matrix* logits);
  // Workspace::Trim, and the freed pages back to the system.
  static void TrimWorkspace(Workspace* ws);

  const Options options_;
  const ComputeFn compute_;
  const StartFn on_start_;
  InflightTracker* const inflight_;  // not owned
  MetricsSink* const metrics_;       // not owned

  absl::Mutex mu_;
  std::deque<Batch> pending_ ABSL_GUARDED_BY(mu_);  // submitted, not yet taken by a worker
  int free_ ABSL_GUARDED_BY(mu_) = 0;     // ready workers minus batches submitted and not done
  int started_ ABSL_GUARDED_BY(mu_) = 0;  // workers that have run on_start
  absl::Status start_status_ ABSL_GUARDED_BY(mu_);  // first on_start error
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  std::vector<std::thread> threads_;  // joined by the destructor
};

}  // namespace octet::server
