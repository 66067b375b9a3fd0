#include "server/metrics_setup.h"

#include <cstring>
#include <string>
#include <vector>

#include "core/kernels/cpu_features.h"

#ifndef OCTET_VERSION
#error "OCTET_VERSION must be defined by the build (the project version)"
#endif

namespace octet::server {

QuantizedWeightBytes CountQuantizedWeightBytes(const Model& model) {
  QuantizedWeightBytes out;
  for (const Linear* l : model.linears()) {
    if (std::strcmp(l->precision(), "int8") != 0) continue;
    out.int8 += static_cast<int64_t>(l->weight_bytes());
    out.fp32 += (l->in_features() * l->out_features() + l->out_features()) *
                static_cast<int64_t>(sizeof(float));
  }
  return out;
}

const char* OctetVersion() { return OCTET_VERSION; }

absl::StatusOr<int> StartMetricsExporter(const ServerConfig& config, const ModelRegistry& models,
                                         PrometheusMetrics* metrics) {
  for (const auto& served : models.models()) {
    if (served->model == nullptr) continue;
    const QuantizedWeightBytes bytes = CountQuantizedWeightBytes(*served->model);
    metrics->SetModelInfo(served->name, bytes.int8, bytes.fp32, served->model->load_seconds());
  }
  metrics->SetBuildInfo(OctetVersion(), Int8KernelFamily());
  return metrics->Serve(config.host, config.metrics_port, MetricsExporterOptions(config));
}

std::vector<std::string> MetricsExporterOptions(const ServerConfig& config) {
  // civetweb gives each connection a thread until it closes: prometheus-cpp's 2 threads and 30 s
  // timeouts let two idle connections stop every scrape. Here a connection that has not sent its
  // request within kTimeoutMs, or idles that long between requests, is closed.
  constexpr const char* kTimeoutMs = "3000";
  return {"num_threads",           std::to_string(config.metrics_threads),
          "request_timeout_ms",    kTimeoutMs,
          "keep_alive_timeout_ms", kTimeoutMs,
          "enable_keep_alive",     "yes",
          "max_request_size",      "8192"};
}

}  // namespace octet::server
