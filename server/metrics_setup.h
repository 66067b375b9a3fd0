#pragma once
// Start-up of the Prometheus exporter: the facts known once the models are loaded (weight
// bytes, load time, build and kernel family), then the /metrics listener.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/models/model.h"
#include "server/model_registry.h"
#include "server/prometheus_metrics.h"
#include "server/server_config.h"

namespace octet::server {

/// Bytes held by a model's int8 linear layers (packed weights, scales, bias) and what the same
/// layers take in FP32 (weights and bias at 4 bytes). Both 0 for a model loaded in FP32.
struct QuantizedWeightBytes {
  int64_t int8 = 0;
  int64_t fp32 = 0;
};
QuantizedWeightBytes CountQuantizedWeightBytes(const Model& model);

/// The project version this binary was built from.
const char* OctetVersion();

/// The exporter's civetweb options: --metrics_threads and short request / keep-alive timeouts.
std::vector<std::string> MetricsExporterOptions(const ServerConfig& config);

/// Records every model's facts and octet_build_info{version, isa}, then serves /metrics on
/// config.host:config.metrics_port. Returns the bound port.
absl::StatusOr<int> StartMetricsExporter(const ServerConfig& config, const ModelRegistry& models,
                                         PrometheusMetrics* metrics);

}  // namespace octet::server
