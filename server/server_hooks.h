#pragma once
// Optional seams into a running server, for the test-only executable octet-server-testing
// (server/testing/): a worker that is slow on purpose, a warm-up that lasts, a request that
// leaks. The production octet-server installs none; every hook left empty costs one test of an
// empty std::function, and the request path holds no test code.

#include <functional>
#include <memory>
#include <string_view>

#include "absl/time/time.h"
#include "server/metrics_sink.h"

namespace octet::server {

struct ServerHooks {
  /// Called on a worker's thread before it computes each batch.
  std::function<void()> before_batch;
  /// Called on each worker's thread when its warm-up is done, before the worker reports ready,
  /// with how long the warm-up took.
  std::function<void(absl::Duration warm_time)> after_warmup;
  /// Called once per finished request, after the request is reported to the metrics sink and
  /// before its status is sent.
  std::function<void()> request_done;
};

/// A MetricsSink that forwards everything to `inner` and then calls `request_done` for every
/// finished request. How OctetServer installs ServerHooks::request_done without a hook in the
/// request path: it wraps the sink only when the hook is set.
class HookedMetricsSink final : public MetricsSink {
 public:
  /// `inner` must outlive this sink; `request_done` must not be empty.
  HookedMetricsSink(MetricsSink* inner, std::function<void()> request_done)
      : inner_(inner), request_done_(std::move(request_done)) {}

  void OnRequestDone(const RequestReport& report) override {
    inner_->OnRequestDone(report);
    request_done_();
  }
  void OnBatch(std::string_view model, int64_t sequences, int64_t tokens) override {
    inner_->OnBatch(model, sequences, tokens);
  }
  void SetQueueDepth(std::string_view model, int64_t depth) override {
    inner_->SetQueueDepth(model, depth);
  }
  void SetInflight(std::string_view model, int64_t inflight) override {
    inner_->SetInflight(model, inflight);
  }

 private:
  MetricsSink* const inner_;  // not owned
  const std::function<void()> request_done_;
};

}  // namespace octet::server
