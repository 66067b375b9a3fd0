#pragma once
// The per-request access line (INFO): ids, route or RPC, model, status, tokens, batch size and
// stage timings — never the request's text. Sampled: --access_log_sample of the requests.

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "server/metrics_sink.h"
#include "server/trace_context.h"

namespace octet::server {

struct AccessEntry {
  const TraceContext* trace = nullptr;
  std::string_view transport;  ///< "http" or "grpc"
  std::string_view method;     ///< the HTTP route pattern or the RPC name
  std::string_view model;
  absl::StatusCode code = absl::StatusCode::kOk;  ///< as sent (the gRPC code)
  int http_status = 0;                            ///< HTTP only
  int64_t tokens = 0;
  int64_t batch_sequences = 0;
  StageTimings timings;
};

/// Fraction of requests logged, 0 to 1 (default 0: none).
void SetAccessLogSampling(double fraction);
/// Whether this request is logged (a random draw at the sampling rate).
bool AccessLogSampled();
void WriteAccessLog(const AccessEntry& entry);

}  // namespace octet::server
