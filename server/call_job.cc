#include "server/call_job.h"

namespace octet::server {

void CallJob::Tokenized() {
  tokenize_ = absl::Now() - call_.received;
  deadline = call_.Deadline();
}

void CallJob::Complete(const absl::Status& status) {
  StageTimings t;
  t.tokenize_ns = Nanos(tokenize_);
  if (!status.ok()) {
    call_.Finish(status, model()->name, t);
    return;
  }
  const absl::Time post_start = absl::Now();
  v1::Timing* timing = Respond();
  const absl::Time end = absl::Now();
  t.queue_ns = Nanos(started - admitted);
  t.inference_ns = Nanos(batch.inference);
  t.postprocess_ns = Nanos(end - post_start);
  t.total_ns = Nanos(end - call_.received);
  FillTiming(t, &batch, timing);
  call_.Finish(status, model()->name, t, &batch, inputs.num_tokens());
}

}  // namespace octet::server
