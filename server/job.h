#pragma once
// A unit of admitted work: one request's sequences for one model, and what happens when the
// worker is done with it. The batcher and the workers only see this interface; the calls
// implement it through CallJob (server/call_job.h).

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "server/served_model.h"

namespace octet::server {

/// What a job learns about the batch it was computed in.
struct BatchFacts {
  int64_t sequences = 0;
  int64_t tokens = 0;
  absl::Duration inference;
  /// This job's share (by tokens) of the activation and scratch bytes its batch used
  /// (Workspace::BatchBytes).
  int64_t workspace_bytes = 0;
};

class Job {
 public:
  /// `per_token_output`: the model emits one row per token (QA) rather than per sequence.
  Job(ServedModel* model, bool per_token_output)
      : model_(model), per_token_output_(per_token_output) {}
  virtual ~Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  ServedModel* model() const { return model_; }
  bool per_token_output() const { return per_token_output_; }
  /// Rows of the model's output that belong to this job.
  int64_t output_rows() const {
    return per_token_output_ ? inputs.num_tokens() : inputs.num_sequences();
  }
  /// Longest sequence (the batcher groups similar lengths).
  int64_t longest() const;

  /// True when the client has gone away; cancelled jobs are skipped, never computed.
  virtual bool IsCancelled() const { return false; }

  /// Called exactly once with the outcome, on the batcher's thread (skipped or rejected jobs) or
  /// the worker's (computed ones). On OK, `output` and `batch` are filled. The job is destroyed
  /// right after.
  virtual void Complete(const absl::Status& status) = 0;

  /// This job's sequences, laid end to end (no padding).
  SequenceBatch inputs;
  absl::Time deadline = absl::InfiniteFuture();
  absl::Time admitted;  ///< set at admission
  absl::Time started;   ///< set when its batch started computing
  /// The model output rows of this job: [sequences, labels] or [tokens, 2].
  Matrix output;
  BatchFacts batch;

 private:
  ServedModel* model_;
  bool per_token_output_;
};

using JobPtr = std::unique_ptr<Job>;

/// Completes and destroys a job.
inline void FinishJob(JobPtr job, const absl::Status& status) { job->Complete(status); }

/// OK while the job is still wanted. DeadlineExceeded once its deadline has passed, Cancelled
/// when the client went away; either is counted in the model's skip counters (the job must then
/// be finished with it, never computed).
absl::Status CheckStillWanted(const Job& job, absl::Time now);

/// Jobs of one model, computed together.
struct Batch {
  ServedModel* model = nullptr;
  std::vector<JobPtr> jobs;

  int64_t sequences() const;
  int64_t tokens() const;
  /// The jobs' inputs laid end to end.
  SequenceBatch Inputs() const;
  /// Copies each job's rows of `logits` (the batch's output) into job->output.
  void ScatterOutputs(const Matrix& logits) const;
};

}  // namespace octet::server
