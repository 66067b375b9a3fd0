#pragma once
// The Prometheus exporter: implements MetricsSink with prometheus-cpp families built once in
// one registry, served by a pull exposer on its own port at /metrics.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "server/metrics_sink.h"
#include "server/process_collector.h"

namespace octet::server {

class PrometheusMetrics final : public MetricsSink {
 public:
  /// Builds every family. Call Serve to expose them.
  PrometheusMetrics();
  ~PrometheusMetrics() override;

  /// Starts the HTTP exposer on host:port (port 0 = any free port). Returns the bound port;
  /// Unavailable naming --metrics_port when it cannot listen. `civetweb_options`: name, value,
  /// ... pairs for the exporter's civetweb (threads, timeouts); empty = prometheus-cpp's own.
  absl::StatusOr<int> Serve(const std::string& host, int port,
                            const std::vector<std::string>& civetweb_options = {});

  /// Static facts about a loaded model: the bytes of its int8 linear layers, what those layers
  /// take in FP32, and its load time. Also creates its queue and in-flight gauges at 0.
  void SetModelInfo(std::string_view model, int64_t int8_bytes, int64_t fp32_bytes,
                    double load_seconds);
  /// octet_build_info{version, isa} = 1.
  void SetBuildInfo(std::string_view version, std::string_view isa);

  void OnRequestDone(const RequestReport& report) override;
  void OnBatch(std::string_view model, int64_t sequences, int64_t tokens) override;
  void SetQueueDepth(std::string_view model, int64_t depth) override;
  void SetInflight(std::string_view model, int64_t inflight) override;

  /// The registry (tests serialize it directly).
  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<ProcessCollector> process_;
  std::unique_ptr<prometheus::Exposer> exposer_;

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Family<prometheus::Histogram>& stage_duration_;
  prometheus::Family<prometheus::Histogram>& tokens_;
  prometheus::Family<prometheus::Histogram>& memory_;
  prometheus::Family<prometheus::Histogram>& batch_size_;
  prometheus::Family<prometheus::Histogram>& batch_tokens_;
  prometheus::Family<prometheus::Gauge>& queue_depth_;
  prometheus::Family<prometheus::Gauge>& inflight_;
  prometheus::Family<prometheus::Gauge>& weight_bytes_;
  prometheus::Family<prometheus::Gauge>& load_seconds_;
  prometheus::Family<prometheus::Gauge>& build_info_;
};

/// The gRPC name of a status code ("OK", "INVALID_ARGUMENT", …; absl::StatusCodeToString):
/// the `code` label. "UNKNOWN" for a number that is no code.
std::string GrpcCodeName(absl::StatusCode code);

}  // namespace octet::server
