#include "server/job.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_format.h"

namespace octet::server {

int64_t Job::longest() const {
  int64_t n = 0;
  for (int64_t s = 0; s < inputs.num_sequences(); ++s) n = std::max(n, inputs.length(s));
  return n;
}

absl::Status CheckStillWanted(const Job& job, absl::Time now) {
  if (now >= job.deadline) {
    job.model()->counters.deadline_skipped.fetch_add(1, std::memory_order_relaxed);
    return absl::DeadlineExceededError(absl::StrFormat(
        "the deadline passed after %.1f ms in the queue; the request was not computed",
        absl::ToDoubleMilliseconds(now - job.admitted)));
  }
  if (job.IsCancelled()) {
    job.model()->counters.cancelled_skipped.fetch_add(1, std::memory_order_relaxed);
    return absl::CancelledError("cancelled by the client before it was computed");
  }
  return absl::OkStatus();
}

int64_t Batch::sequences() const {
  int64_t n = 0;
  for (const JobPtr& j : jobs) n += j->inputs.num_sequences();
  return n;
}

int64_t Batch::tokens() const {
  int64_t n = 0;
  for (const JobPtr& j : jobs) n += j->inputs.num_tokens();
  return n;
}

SequenceBatch Batch::Inputs() const {
  SequenceBatch out;
  const auto tokens_total = static_cast<size_t>(tokens());
  out.ids.reserve(tokens_total);
  out.type_ids.reserve(tokens_total);
  const bool any_mask = std::any_of(
      jobs.begin(), jobs.end(), [](const JobPtr& j) { return !j->inputs.attention_mask.empty(); });
  if (any_mask) out.attention_mask.reserve(tokens_total);
  for (const JobPtr& j : jobs) {
    const SequenceBatch& in = j->inputs;
    const auto base = static_cast<int64_t>(out.ids.size());
    out.ids.insert(out.ids.end(), in.ids.begin(), in.ids.end());
    out.type_ids.insert(out.type_ids.end(), in.type_ids.begin(), in.type_ids.end());
    if (any_mask) {
      if (in.attention_mask.empty()) {
        out.attention_mask.insert(out.attention_mask.end(), in.ids.size(), 1);
      } else {
        out.attention_mask.insert(out.attention_mask.end(), in.attention_mask.begin(),
                                  in.attention_mask.end());
      }
    }
    for (size_t s = 1; s < in.starts.size(); ++s) out.starts.push_back(base + in.starts[s]);
  }
  return out;
}

void Batch::ScatterOutputs(const Matrix& logits) const {
  int64_t row = 0;
  for (const JobPtr& j : jobs) {
    const int64_t rows = j->output_rows();
    j->output.Resize(rows, logits.cols);
    if (rows > 0) {
      std::memcpy(j->output.row(0), logits.row(row),
                  static_cast<size_t>(rows * logits.cols) * sizeof(float));
    }
    row += rows;
  }
}

}  // namespace octet::server
