#include "server/metrics_setup.h"

#include <cstring>

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
  return metrics->Serve(config.host, config.metrics_port);
}

}  // namespace octet::server
