#include "server/prometheus_metrics.h"

#include <exception>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace octet::server {
namespace {

using prometheus::Histogram;

// CPU inference: 100 µs to 10 s, about three buckets a decade.
const Histogram::BucketBoundaries& SecondsBuckets() {
  static const Histogram::BucketBoundaries b = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                1,      2.5,     5,      10};
  return b;
}

Histogram::BucketBoundaries PowersOf(double base, double first, int count) {
  Histogram::BucketBoundaries b;
  for (double v = first; count-- > 0; v *= base) b.push_back(v);
  return b;
}

std::string Label(std::string_view s) { return s.empty() ? std::string("none") : std::string(s); }

// civetweb's listening address: IPv6 literals go in brackets.
std::string ListenAddress(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return v6 ? absl::StrCat("[", host, "]:", port) : absl::StrCat(host, ":", port);
}

}  // namespace

std::string GrpcCodeName(absl::StatusCode code) {
  // absl's code names are gRPC's, and its codes too, number for number.
  std::string name = absl::StatusCodeToString(code);
  return name.empty() ? "UNKNOWN" : name;
}

PrometheusMetrics::PrometheusMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(std::make_shared<ProcessCollector>()),
      requests_(prometheus::BuildCounter()
                    .Name("octet_requests_total")
                    .Help("Requests answered, by model, method and gRPC status code.")
                    .Register(*registry_)),
      duration_(prometheus::BuildHistogram()
                    .Name("octet_request_duration_seconds")
                    .Help("End-to-end server time of a request.")
                    .Register(*registry_)),
      stage_duration_(prometheus::BuildHistogram()
                          .Name("octet_request_stage_duration_seconds")
                          .Help("Time of a request in each stage: queue, tokenize, inference, "
                                "postprocess.")
                          .Register(*registry_)),
      tokens_(prometheus::BuildHistogram()
                  .Name("octet_request_tokens")
                  .Help("Tokens the model ran on for a request.")
                  .Register(*registry_)),
      memory_(prometheus::BuildHistogram()
                  .Name("octet_request_memory_bytes")
                  .Help("A request's share (by tokens) of the working memory its batch used.")
                  .Register(*registry_)),
      batch_size_(prometheus::BuildHistogram()
                      .Name("octet_batch_size")
                      .Help("Sequences in a batch handed to a worker.")
                      .Register(*registry_)),
      batch_tokens_(prometheus::BuildHistogram()
                        .Name("octet_batch_tokens")
                        .Help("Tokens in a batch handed to a worker.")
                        .Register(*registry_)),
      queue_depth_(prometheus::BuildGauge()
                       .Name("octet_queue_depth")
                       .Help("Requests waiting in the admission queue.")
                       .Register(*registry_)),
      inflight_(prometheus::BuildGauge()
                    .Name("octet_inflight_requests")
                    .Help("Requests admitted and not yet answered.")
                    .Register(*registry_)),
      weight_bytes_(prometheus::BuildGauge()
                        .Name("octet_model_weight_bytes")
                        .Help("Weight bytes of a model's int8 linear layers (precision=int8) and "
                              "what those layers take in FP32 (precision=fp32).")
                        .Register(*registry_)),
      load_seconds_(prometheus::BuildGauge()
                        .Name("octet_model_load_seconds")
                        .Help("Seconds spent loading and quantizing a model.")
                        .Register(*registry_)),
      build_info_(prometheus::BuildGauge()
                      .Name("octet_build_info")
                      .Help("Always 1; labels carry the version and the int8 kernel family.")
                      .Register(*registry_)) {}

PrometheusMetrics::~PrometheusMetrics() = default;

absl::StatusOr<int> PrometheusMetrics::Serve(const std::string& host, int port,
                                             const std::vector<std::string>& civetweb_options) {
  try {
    if (civetweb_options.empty()) {
      exposer_ = std::make_unique<prometheus::Exposer>(ListenAddress(host, port));
    } else {
      std::vector<std::string> options = {"listening_ports", ListenAddress(host, port)};
      options.insert(options.end(), civetweb_options.begin(), civetweb_options.end());
      exposer_ = std::make_unique<prometheus::Exposer>(std::move(options));
    }
  } catch (const std::exception&) {
    exposer_.reset();
  }
  const std::vector<int> ports = exposer_ ? exposer_->GetListeningPorts() : std::vector<int>();
  if (ports.empty()) {
    exposer_.reset();
    // Debian's civetweb is built without IPv6.
    const bool v6 = host.find(':') != std::string::npos;
    const char* reason = v6 ? "the metrics listener takes IPv4 addresses only; set an IPv4 --host"
                            : "port in use, or address not available";
    return absl::UnavailableError(absl::StrCat("--metrics_port ", port, ": cannot listen on ",
                                               ListenAddress(host, port), " for /metrics (", reason,
                                               ")"));
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(process_);
  return ports.front();
}

void PrometheusMetrics::SetModelInfo(std::string_view model, int64_t int8_bytes, int64_t fp32_bytes,
                                     double load_seconds) {
  weight_bytes_.Add({{"model", Label(model)}, {"precision", "int8"}})
      .Set(static_cast<double>(int8_bytes));
  weight_bytes_.Add({{"model", Label(model)}, {"precision", "fp32"}})
      .Set(static_cast<double>(fp32_bytes));
  load_seconds_.Add({{"model", Label(model)}}).Set(load_seconds);
  // The gauges of a loaded model exist (at 0) before its first request.
  queue_depth_.Add({{"model", Label(model)}});
  inflight_.Add({{"model", Label(model)}});
}

void PrometheusMetrics::SetBuildInfo(std::string_view version, std::string_view isa) {
  build_info_.Add({{"version", std::string(version)}, {"isa", std::string(isa)}}).Set(1);
}

void PrometheusMetrics::OnRequestDone(const RequestReport& r) {
  const std::string model = Label(r.model), method(r.method);
  requests_.Add({{"model", model}, {"method", method}, {"code", GrpcCodeName(r.code)}}).Increment();
  duration_.Add({{"model", model}, {"method", method}}, SecondsBuckets())
      .Observe(r.timings.total_ns / 1e9);
  // Stages, tokens and memory: requests the model computed (tokens > 0 only then).
  if (r.code != absl::StatusCode::kOk || r.tokens <= 0) return;
  const std::pair<const char*, int64_t> stages[] = {{"queue", r.timings.queue_ns},
                                                    {"tokenize", r.timings.tokenize_ns},
                                                    {"inference", r.timings.inference_ns},
                                                    {"postprocess", r.timings.postprocess_ns}};
  for (const auto& [stage, ns] : stages) {
    stage_duration_.Add({{"model", model}, {"method", method}, {"stage", stage}}, SecondsBuckets())
        .Observe(ns / 1e9);
  }
  tokens_.Add({{"model", model}, {"method", method}}, PowersOf(2, 1, 15))
      .Observe(static_cast<double>(r.tokens));
  memory_.Add({{"model", model}, {"method", method}}, PowersOf(4, 1024, 11))
      .Observe(static_cast<double>(r.workspace_bytes));
}

void PrometheusMetrics::OnBatch(std::string_view model, int64_t sequences, int64_t tokens) {
  batch_size_.Add({{"model", Label(model)}}, PowersOf(2, 1, 10))
      .Observe(static_cast<double>(sequences));
  batch_tokens_.Add({{"model", Label(model)}}, PowersOf(2, 16, 11))
      .Observe(static_cast<double>(tokens));
}

void PrometheusMetrics::SetQueueDepth(std::string_view model, int64_t depth) {
  queue_depth_.Add({{"model", Label(model)}}).Set(static_cast<double>(depth));
}

void PrometheusMetrics::SetInflight(std::string_view model, int64_t inflight) {
  inflight_.Add({{"model", Label(model)}}).Set(static_cast<double>(inflight));
}

}  // namespace octet::server
