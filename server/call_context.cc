#include "server/call_context.h"

#include <algorithm>
#include <chrono>

#include "server/access_log.h"
#include "server/status_mapping.h"

namespace octet::server {

void CallContext::Finish(const absl::Status& status, std::string_view model,
                         const StageTimings& timings, const BatchFacts* batch,
                         int64_t tokens) const {
  RequestReport report;
  report.model = model;
  report.method = method;
  report.code = status.code();
  report.timings = timings;
  if (report.timings.total_ns == 0) report.timings.total_ns = Nanos(absl::Now() - received);
  report.tokens = tokens;
  if (batch != nullptr) report.workspace_bytes = batch->workspace_bytes;
  metrics->OnRequestDone(report);
  if (trace != nullptr) {
    AccessEntry entry;
    entry.trace = trace.get();
    entry.transport = "grpc";
    entry.method = method;
    entry.model = model;
    entry.code = static_cast<absl::StatusCode>(ToGrpcStatus(status).error_code());
    entry.tokens = tokens;
    entry.batch_sequences = batch != nullptr ? batch->sequences : 0;
    entry.timings = report.timings;
    WriteAccessLog(entry);
  }
  if (end != nullptr) end->OnFinish(status, report, batch);
  if (reactor != nullptr) reactor->Finish(ToGrpcStatus(status));
}

absl::Time CallContext::Deadline() const {
  if (server_context == nullptr) return deadline;
  const auto grpc_deadline = server_context->deadline();
  if (grpc_deadline == std::chrono::system_clock::time_point::max()) return deadline;
  return std::min(deadline, absl::FromChrono(grpc_deadline));
}

bool CallContext::IsCancelled() const {
  if (server_context != nullptr && server_context->IsCancelled()) return true;
  return end != nullptr && end->IsCancelled();
}

void FillTiming(const StageTimings& timings, const BatchFacts* batch, v1::Timing* out) {
  out->set_queue_ns(timings.queue_ns);
  out->set_tokenize_ns(timings.tokenize_ns);
  out->set_inference_ns(timings.inference_ns);
  out->set_postprocess_ns(timings.postprocess_ns);
  out->set_total_ns(timings.total_ns);
  if (batch != nullptr) {
    out->set_batch_sequences(static_cast<int32_t>(batch->sequences));
    out->set_batch_tokens(static_cast<int32_t>(batch->tokens));
  }
}

}  // namespace octet::server
