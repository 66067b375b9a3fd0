#pragma once
// The whole serving process as an object: models, workers, batcher, gRPC service, health and
// reflection, and the drain. main.cc drives it: Create → Start → WaitUntilServing → Drain.

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "server/batcher.h"
#include "server/call_tracker.h"
#include "server/client_limiter.h"
#include "server/http/http_api.h"
#include "server/http/http_server.h"
#include "server/inference_calls.h"
#include "server/inference_service.h"
#include "server/inflight_tracker.h"
#include "server/metrics_sink.h"
#include "server/model_registry.h"
#include "server/server_config.h"
#include "server/server_hooks.h"
#include "server/worker_pool.h"

namespace octet::server {

class OctetServer {
 public:
  /// Loads and quantizes every model and runs the self-checks. Nothing listens yet, so a bad
  /// model stops the process before the port opens. `metrics` must outlive the server. `hooks`
  /// are the test-only seams (none in production).
  static absl::StatusOr<std::unique_ptr<OctetServer>> Create(const ServerConfig& config,
                                                             MetricsSink* metrics,
                                                             ServerHooks hooks = {});
  /// Stops everything: queued requests get UNAVAILABLE, computing batches finish.
  ~OctetServer();
  OctetServer(const OctetServer&) = delete;
  OctetServer& operator=(const OctetServer&) = delete;

  /// Starts the workers warming up and opens the gRPC port (and the HTTP port when configured),
  /// with health NOT_SERVING.
  /// Returns the bound port (useful with --port 0).
  absl::StatusOr<int> Start();
  /// The HTTP API's bound port (0 when --http_port is -1); known after Start.
  int http_port() const { return http_ ? http_->port() : 0; }
  /// Blocks until every worker is warm; then records and logs the served memory (one line:
  /// RSS, model weights, start-up peak) and the models and health turn SERVING.
  absl::Status WaitUntilServing();
  /// Health NOT_SERVING, new requests UNAVAILABLE, in-flight requests finish; then gRPC shuts
  /// down. True when every in-flight request finished within `timeout`.
  bool Drain(absl::Duration timeout);

  const ModelRegistry& registry() const { return *registry_; }
  /// The transport-neutral request logic (null before Start): the HTTP API calls it.
  const InferenceCalls* calls() const { return logic_.get(); }

 private:
  OctetServer(const ServerConfig& config, MetricsSink* metrics, ServerHooks hooks,
              std::unique_ptr<ModelRegistry> registry);
  void SetHealth(bool serving);
  // Reads VmRSS / VmHWM into every ServedModel (GetModel's served_rss_bytes) and logs them.
  void RecordServedMemory();
  absl::Status StartHttp();
  void LogLimits() const;
  void StopWork();

  const ServerConfig config_;
  const ServerHooks hooks_;
  std::unique_ptr<MetricsSink> hooked_metrics_;  // wraps the caller's sink for request_done
  MetricsSink* const metrics_;                   // the caller's sink (not owned) or hooked_metrics_
  std::unique_ptr<ModelRegistry> registry_;      // models; outlive everything below
  std::shared_ptr<grpc::ServerCredentials> credentials_;  // plaintext, TLS or mTLS (+ API key)
  InflightTracker inflight_;
  std::unique_ptr<WorkerPool> pool_;  // destroyed after the batcher is stopped
  std::unique_ptr<Batcher> batcher_;
  CallTracker calls_;                              // outlives server_: reactors report to it
  std::unique_ptr<ClientLimiter> client_limiter_;  // outlives server_: its interceptors use it
  std::unique_ptr<InferenceCalls> logic_;          // the request logic both transports share
  std::unique_ptr<InferenceService> service_;
  std::unique_ptr<grpc::Server> server_;     // shut down before the rest goes
  std::unique_ptr<http::HttpApi> http_api_;  // the HTTP routes over logic_
  std::unique_ptr<http::HttpServer> http_;   // stopped before the rest goes
};

}  // namespace octet::server
