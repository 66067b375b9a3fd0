#pragma once
// What the request path reports for monitoring. The service calls these at each hop; the
// Prometheus exporter implements them (NoopMetricsSink does nothing). Implementations must be
// thread-safe: calls come from gRPC threads, the batcher and the workers.

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"

namespace octet::server {

/// Where one request's time went, in nanoseconds (the same numbers as the response's Timing).
struct StageTimings {
  int64_t queue_ns = 0;
  int64_t tokenize_ns = 0;
  int64_t inference_ns = 0;
  int64_t postprocess_ns = 0;
  int64_t total_ns = 0;
};

/// One finished request.
struct RequestReport {
  std::string_view model;   ///< empty when the request failed before a model was chosen
  std::string_view method;  ///< "Classify", "Answer", "TagTokens", "Rerank", ..., "GetModel"
  absl::StatusCode code = absl::StatusCode::kOk;  ///< as sent (numerically the gRPC code)
  StageTimings timings;
  int64_t tokens = 0;  ///< tokens the model ran on for this request
  /// This request's share (by tokens) of the activation and scratch bytes its batch used.
  int64_t workspace_bytes = 0;
};

class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  virtual void OnRequestDone(const RequestReport& report) = 0;
  /// One batch handed to a worker.
  virtual void OnBatch(std::string_view model, int64_t sequences, int64_t tokens) = 0;
  /// Requests of `model` waiting in the admission queue.
  virtual void SetQueueDepth(std::string_view model, int64_t depth) = 0;
  /// Requests of `model` admitted and not yet answered (queued or computing).
  virtual void SetInflight(std::string_view model, int64_t inflight) = 0;
};

class NoopMetricsSink final : public MetricsSink {
 public:
  void OnRequestDone(const RequestReport&) override {}
  void OnBatch(std::string_view, int64_t, int64_t) override {}
  void SetQueueDepth(std::string_view, int64_t) override {}
  void SetInflight(std::string_view, int64_t) override {}
};

}  // namespace octet::server
