#include "server/batcher.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace octet::server {

Batcher::Batcher(const Options& options, WorkerPool* pool, InflightTracker* inflight,
                 MetricsSink* metrics)
    : options_(options), pool_(pool), inflight_(inflight), metrics_(metrics) {
  thread_ = std::thread([this] { SchedulerLoop(); });
}

Batcher::~Batcher() { Stop(); }

absl::Status Batcher::Submit(JobPtr job) {
  absl::Status status;
  std::vector<std::pair<JobPtr, absl::Status>> dropped;
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = absl::Now();
    // A full queue may hold requests nobody waits for any more: they give up their places.
    if (static_cast<int64_t>(queue_.size()) >= options_.max_queue) DropUnwanted(now, &dropped);
    if (draining_ || stopping_) {
      status = absl::UnavailableError("the server is shutting down; retry on another replica");
    } else if (now >= job->deadline) {
      status = absl::DeadlineExceededError("the deadline had passed before the request was queued");
    } else if (static_cast<int64_t>(queue_.size()) >= options_.max_queue) {
      job->model()->counters.queue_full_rejected.fetch_add(1, std::memory_order_relaxed);
      status = absl::ResourceExhaustedError(absl::StrFormat(
          "the admission queue is full (%d requests waiting, limit %d); retry with backoff",
          queue_.size(), options_.max_queue));
    } else {
      job->admitted = now;
      job->model()->counters.requests_admitted.fetch_add(1, std::memory_order_relaxed);
      // Queued first, then in flight: GetModel reads them in the other order, so a request seen
      // in flight and not queued has really left the queue (tests wait on that).
      CountQueued(*job->model(), +1);
      inflight_->Admitted(*job->model());
      queue_.push_back(std::move(job));
      ++arrivals_;
    }
  }
  FinishSkipped(&dropped);
  if (job == nullptr) return absl::OkStatus();
  FinishJob(std::move(job), status);
  return status;
}

void Batcher::DropUnwanted(absl::Time now, std::vector<std::pair<JobPtr, absl::Status>>* skipped) {
  std::deque<JobPtr> kept;
  for (JobPtr& job : queue_) {
    absl::Status wanted = CheckStillWanted(*job, now);
    if (wanted.ok()) {
      kept.push_back(std::move(job));
    } else {
      CountQueued(*job->model(), -1);
      skipped->emplace_back(std::move(job), std::move(wanted));
    }
  }
  queue_.swap(kept);
}

void Batcher::FinishSkipped(std::vector<std::pair<JobPtr, absl::Status>>* skipped) {
  for (auto& [job, status] : *skipped) inflight_->Finish(std::move(job), status);
  skipped->clear();
}

void Batcher::StartDrain() {
  absl::MutexLock lock(&mu_);
  draining_ = true;
}

void Batcher::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  pool_->Stop();
  if (thread_.joinable()) thread_.join();
  std::deque<JobPtr> left;
  {
    absl::MutexLock lock(&mu_);
    left.swap(queue_);
    for (const JobPtr& job : left) CountQueued(*job->model(), -1);
  }
  for (JobPtr& job : left) {
    inflight_->Finish(std::move(job), absl::UnavailableError("the server is shutting down"));
  }
}

int64_t Batcher::queue_depth() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(queue_.size());
}

void Batcher::CountQueued(const ServedModel& model, int64_t delta) {
  const int64_t depth = queued_[&model] += delta;
  model.counters.queued.store(depth, std::memory_order_relaxed);
  metrics_->SetQueueDepth(model.name, depth);
}

void Batcher::SchedulerLoop() {
  while (pool_->WaitForFreeWorker()) {
    Batch batch;
    std::vector<std::pair<JobPtr, absl::Status>> skipped;
    const bool running = NextBatch(&batch, &skipped);
    FinishSkipped(&skipped);
    if (!running) return;
    if (!batch.jobs.empty()) pool_->Submit(std::move(batch));
  }
}

bool Batcher::NextBatch(Batch* batch, std::vector<std::pair<JobPtr, absl::Status>>* skipped) {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty() || stopping_; };
  mu_.Await(absl::Condition(&ready));
  if (stopping_) return false;

  // Drop what nobody wants any more: a deadline that passed in the queue, a cancelled call.
  DropUnwanted(absl::Now(), skipped);
  if (queue_.empty()) return true;

  auto snapshot = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<QueuedJobInfo> infos;
    infos.reserve(queue_.size());
    for (const JobPtr& j : queue_) {
      infos.push_back(
          {j->model(), j->inputs.num_sequences(), j->inputs.num_tokens(), j->longest()});
    }
    return infos;
  };
  std::vector<size_t> chosen = SelectBatch(snapshot(), options_.limits);

  // Optionally hold a batch that could grow, until the oldest job has waited batch_wait.
  if (options_.batch_wait > absl::ZeroDuration()) {
    const absl::Time until = queue_.front()->admitted + options_.batch_wait;
    while (!stopping_ && absl::Now() < until) {
      int64_t tokens = 0, sequences = 0;
      for (size_t i : chosen) {
        tokens += queue_[i]->inputs.num_tokens();
        sequences += queue_[i]->inputs.num_sequences();
      }
      if (BatchIsFull(tokens, sequences, queue_.front()->longest(), options_.limits)) break;
      const int64_t seen = arrivals_;
      auto arrived = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return arrivals_ != seen || stopping_;
      };
      mu_.AwaitWithDeadline(absl::Condition(&arrived), until);
      chosen = SelectBatch(snapshot(), options_.limits);
    }
    if (stopping_) return false;
  }

  batch->model = queue_[chosen.front()]->model();
  std::deque<JobPtr> rest;
  size_t next = 0;
  for (size_t i = 0; i < queue_.size(); ++i) {
    if (next < chosen.size() && chosen[next] == i) {
      CountQueued(*queue_[i]->model(), -1);
      batch->jobs.push_back(std::move(queue_[i]));
      ++next;
    } else {
      rest.push_back(std::move(queue_[i]));
    }
  }
  queue_.swap(rest);
  return true;
}

}  // namespace octet::server
