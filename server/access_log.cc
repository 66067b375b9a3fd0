#include "server/access_log.h"

#include <atomic>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/logging.h"
#include "server/prometheus_metrics.h"

namespace octet::server {
namespace {

std::atomic<double> sampling{0};

LogField Text(const char* key, std::string_view value) { return {key, std::string(value), false}; }
LogField Number(const char* key, int64_t value) { return {key, absl::StrCat(value), true}; }
LogField Millis(const char* key, int64_t ns) {
  return {key, absl::StrFormat("%.3f", static_cast<double>(ns) / 1e6), true};
}

}  // namespace

void SetAccessLogSampling(double fraction) { sampling.store(fraction); }

bool AccessLogSampled() {
  const double f = sampling.load(std::memory_order_relaxed);
  if (f <= 0) return false;
  if (f >= 1) return true;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(rng) < f;
}

void WriteAccessLog(const AccessEntry& e) {
  std::vector<LogField> fields;
  if (e.trace != nullptr) {
    fields.push_back(Text("request_id", e.trace->request_id));
    if (!e.trace->trace_id.empty()) {
      fields.push_back(Text("trace_id", e.trace->trace_id));
      fields.push_back(Text("span_id", e.trace->span_id));
    }
  }
  fields.push_back(Text("transport", e.transport));
  fields.push_back(Text(e.transport == "http" ? "route" : "rpc", e.method));
  if (!e.model.empty()) fields.push_back(Text("model", e.model));
  fields.push_back(Text("status", GrpcCodeName(e.code)));
  if (e.http_status != 0) fields.push_back(Number("http_status", e.http_status));
  fields.push_back(Number("tokens", e.tokens));
  fields.push_back(Number("batch_size", e.batch_sequences));
  fields.push_back(Millis("total_ms", e.timings.total_ns));
  fields.push_back(Millis("queue_ms", e.timings.queue_ns));
  fields.push_back(Millis("tokenize_ms", e.timings.tokenize_ns));
  fields.push_back(Millis("inference_ms", e.timings.inference_ns));
  fields.push_back(Millis("postprocess_ms", e.timings.postprocess_ns));
  LogLine(LogLevel::kInfo, "request", fields);
}

}  // namespace octet::server
