#include "server/worker_pool.h"

#include <string>

#include "absl/strings/str_format.h"
#include "core/base/logging.h"
#include "server/memory_release.h"

namespace octet::server {

WorkerPool::WorkerPool(const Options& options, ComputeFn compute, StartFn on_start,
                       InflightTracker* inflight, MetricsSink* metrics)
    : options_(options),
      compute_(std::move(compute)),
      on_start_(std::move(on_start)),
      inflight_(inflight),
      metrics_(metrics) {
  threads_.reserve(options_.workers);
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this, i] { WorkerLoop(i); });
}

WorkerPool::~WorkerPool() {
  Stop();
  for (std::thread& t : threads_) t.join();
  // Nothing can take these any more.
  std::deque<Batch> left;
  {
    absl::MutexLock lock(&mu_);
    left.swap(pending_);
  }
  for (Batch& b : left) {
    for (JobPtr& job : b.jobs) {
      inflight_->Finish(std::move(job), absl::UnavailableError("the server is shutting down"));
    }
  }
}

void WorkerPool::Stop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
}

absl::Status WorkerPool::WaitReady() {
  absl::MutexLock lock(&mu_);
  auto all_started = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return started_ == options_.workers || stopping_;
  };
  mu_.Await(absl::Condition(&all_started));
  return start_status_;
}

bool WorkerPool::WaitForFreeWorker() {
  absl::MutexLock lock(&mu_);
  auto free_or_stopping = [this]()
                              ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return free_ > 0 || stopping_; };
  mu_.Await(absl::Condition(&free_or_stopping));
  return !stopping_;
}

void WorkerPool::Submit(Batch batch) {
  absl::MutexLock lock(&mu_);
  --free_;
  pending_.push_back(std::move(batch));
}

absl::Status WorkerPool::ForwardThroughModel(const Batch& batch, const SequenceBatch& inputs,
                                             Workspace* ws, Matrix* logits) {
  return batch.model->model->Forward(inputs, ws, logits);
}

void WorkerPool::WorkerLoop(int index) {
  Workspace ws(options_.threads_per_worker);
  absl::Status start = on_start_ ? on_start_(index, &ws) : absl::OkStatus();
  // Warm-up ran every row bucket up to the largest batch: its buffers are not what traffic
  // needs. Batches allocate their own again, and TrimWorkspace keeps them near that size.
  if (const size_t released = ws.Release(); released > 0) {
    ReleaseFreedMemory();
    LogInfo("worker %d: released %.1f MB of warm-up buffers", index, released / 1e6);
  }
  int64_t batches_since_trim = 0;
  {
    absl::MutexLock lock(&mu_);
    ++started_;
    if (!start.ok()) {
      if (start_status_.ok()) start_status_ = start;
      return;  // a worker that failed to start takes no batches
    }
    ++free_;
  }
  while (true) {
    Batch batch;
    bool taken = false;
    {
      absl::MutexLock lock(&mu_);
      auto work_or_stop = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !pending_.empty() || stopping_;
      };
      const bool woken = mu_.AwaitWithTimeout(absl::Condition(&work_or_stop), kIdleTrimAfter);
      if (woken && pending_.empty()) return;  // stopping
      if (woken) {
        batch = std::move(pending_.front());
        pending_.pop_front();
        taken = true;
      }
    }
    if (!taken) {  // idle for kIdleTrimAfter
      TrimWorkspace(&ws);
      batches_since_trim = 0;
      continue;
    }
    RunBatch(std::move(batch), &ws, &ws.logits);  // counted in the batch's memory
    if (++batches_since_trim == kTrimEveryBatches) {
      TrimWorkspace(&ws);
      batches_since_trim = 0;
    }
    absl::MutexLock lock(&mu_);
    ++free_;
  }
}

void WorkerPool::TrimWorkspace(Workspace* ws) {
  if (ws->Trim() > 0) ReleaseFreedMemory();
}

void WorkerPool::RunBatch(Batch batch, Workspace* ws, Matrix* logits) {
  if (options_.before_batch) options_.before_batch();
  // Second check, right before compute: the batch may have waited for this worker.
  const absl::Time now = absl::Now();
  std::vector<JobPtr> live;
  for (JobPtr& job : batch.jobs) {
    absl::Status wanted = CheckStillWanted(*job, now);
    if (wanted.ok()) {
      live.push_back(std::move(job));
    } else {
      inflight_->Finish(std::move(job), wanted);
    }
  }
  batch.jobs = std::move(live);
  if (batch.jobs.empty()) return;

  const SequenceBatch inputs = batch.Inputs();
  const int64_t tokens = inputs.num_tokens(), sequences = inputs.num_sequences();
  ws->BeginBatch();
  const absl::Time start = absl::Now();
  absl::Status status = compute_(batch, inputs, ws, logits);
  const absl::Duration inference = absl::Now() - start;
  const auto batch_bytes = static_cast<int64_t>(ws->BatchBytes());

  ModelCounters& counters = batch.model->counters;
  counters.batches.fetch_add(1, std::memory_order_relaxed);
  counters.sequences_computed.fetch_add(sequences, std::memory_order_relaxed);
  counters.tokens_computed.fetch_add(tokens, std::memory_order_relaxed);
  metrics_->OnBatch(batch.model->name, sequences, tokens);
  if (status.ok()) {
    batch.ScatterOutputs(*logits);
  } else {
    LogError("model '%s': a batch of %d sequences failed: %s", batch.model->name, sequences,
             status.message());
  }
  for (JobPtr& job : batch.jobs) {
    const int64_t own = job->inputs.num_tokens();
    job->started = start;
    job->batch.sequences = sequences;
    job->batch.tokens = tokens;
    job->batch.inference = inference;
    // The request's share of what its batch used, by tokens.
    job->batch.workspace_bytes = tokens > 0 ? batch_bytes * own / tokens : 0;
    inflight_->Finish(std::move(job), status);
  }
}

}  // namespace octet::server
