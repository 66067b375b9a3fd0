#include "server/octet_server.h"

#include <algorithm>
#include <system_error>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/flag_file.h"
#include "core/base/logging.h"
#include "core/base/process_stats.h"
#include "core/base/status_macros.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/memory_release.h"
#include "server/parse_error_interceptor.h"
#include "server/self_check.h"
#include "server/tls_options.h"
#include "server/transport_limits.h"
#include "server/warmup.h"

namespace octet::server {

namespace {

// The HTTP port's idle keep-alive bound and its socket read / write timeout (a request's
// deadline, --http_deadline_ms, is separate: waiting for the answer is not socket I/O).
constexpr int kHttpKeepAliveMs = 5000;
constexpr int kHttpIoTimeoutMs = 10000;

// Loads every model and runs each one's int8-vs-FP32 self-check.
absl::StatusOr<std::unique_ptr<ModelRegistry>> LoadAndSelfCheck(const ServerConfig& config) {
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<ModelRegistry> registry, ModelRegistry::Load(config));
  for (const auto& m : registry->models()) {
    if (!config.self_check) {
      m->self_check.summary = "not run: disabled with --noself_check";
      continue;
    }
    OCTET_ASSIGN_OR_RETURN(m->self_check, RunSelfCheck(*m, config.threads_per_worker));
    LogInfo("model '%s': self-check %s", m->name, m->self_check.summary);
    // The FP32 copy is gone; what the heap kept of it goes back to the system.
    const Released r = ReleaseFreedMemory();
    LogInfo("model '%s': self-check done: RSS %.1f MB, %.1f MB after returning freed memory",
            m->name, r.rss_before / 1e6, r.rss_after / 1e6);
  }
  return registry;
}

}  // namespace

absl::StatusOr<std::unique_ptr<OctetServer>> OctetServer::Create(const ServerConfig& config,
                                                                 MetricsSink* metrics,
                                                                 ServerHooks hooks) {
  // TLS files and the API key are checked before the (slow) model loading.
  OCTET_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                         MakeServerCredentials(config));
  // Loading, quantizing and the self-check fork OpenMP teams. libgomp keeps a team alive for
  // every thread that ever forked one and, once it manages more threads than there are CPUs,
  // stops spinning between parallel regions: each region then starts with a futex wake-up
  // (measured: a BERT-base forward on 2 threads took 26 ms instead of 15.5 ms). Running this
  // work on a thread that ends releases its team and leaves the CPUs to the workers' teams.
  absl::StatusOr<std::unique_ptr<ModelRegistry>> registry;
  try {
    std::thread loader([&config, &registry] { registry = LoadAndSelfCheck(config); });
    loader.join();
  } catch (const std::system_error& e) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("could not start the model-loading thread: %s", e.what()));
  }
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<ModelRegistry> loaded, std::move(registry));
  auto server = std::unique_ptr<OctetServer>(
      new OctetServer(config, metrics, std::move(hooks), std::move(loaded)));
  server->credentials_ = std::move(credentials);
  return server;
}

OctetServer::OctetServer(const ServerConfig& config, MetricsSink* metrics, ServerHooks hooks,
                         std::unique_ptr<ModelRegistry> registry)
    : config_(config),
      hooks_(std::move(hooks)),
      hooked_metrics_(hooks_.request_done
                          ? std::make_unique<HookedMetricsSink>(metrics, hooks_.request_done)
                          : nullptr),
      metrics_(hooked_metrics_ ? hooked_metrics_.get() : metrics),
      registry_(std::move(registry)),
      inflight_(metrics_) {}

OctetServer::~OctetServer() {
  if (logic_) logic_->StartDrain();
  StopWork();     // fails queued jobs, so that no HTTP handler thread waits for one
  http_.reset();  // joins the HTTP handler threads
  if (server_) server_->Shutdown(std::chrono::system_clock::now());
}

void OctetServer::StopWork() {
  if (batcher_) batcher_->Stop();  // fails queued jobs, stops the pool's scheduling
  pool_.reset();                   // joins the workers after their current batch
}

absl::StatusOr<int> OctetServer::Start() {
  WorkerPool::Options pool_options;
  pool_options.workers = config_.workers;
  pool_options.threads_per_worker = config_.threads_per_worker;
  pool_options.before_batch = hooks_.before_batch;
  auto warm = [this](int worker, Workspace* ws) -> absl::Status {
    const absl::Time begin = absl::Now();
    for (const auto& m : registry_->models()) {
      OCTET_RETURN_IF_ERROR(WarmUp(*m, config_.max_batch_tokens, ws));
    }
    if (hooks_.after_warmup) hooks_.after_warmup(absl::Now() - begin);
    LogInfo("worker %d warm in %.2f s", worker, absl::ToDoubleSeconds(absl::Now() - begin));
    return absl::OkStatus();
  };
  pool_ = std::make_unique<WorkerPool>(pool_options, WorkerPool::ForwardThroughModel, warm,
                                       &inflight_, metrics_);
  Batcher::Options batcher_options;
  batcher_options.max_queue = config_.max_queue;
  batcher_options.limits = {config_.max_batch_tokens, config_.max_batch_size};
  batcher_options.batch_wait = absl::Microseconds(config_.batch_wait_us);
  batcher_ = std::make_unique<Batcher>(batcher_options, pool_.get(), &inflight_, metrics_);
  logic_ = std::make_unique<InferenceCalls>(&config_, registry_.get(), batcher_.get(), metrics_);
  service_ = std::make_unique<InferenceService>(logic_.get(), &calls_);
  if (config_.max_inflight_per_client > 0) {
    client_limiter_ = std::make_unique<ClientLimiter>(config_.max_inflight_per_client,
                                                      config_.client_id_metadata);
    logic_->SetAdmissionCheck([limiter = client_limiter_.get()](const CallContext& call) {
      return limiter->Check(call.server_context);
    });
  }

  grpc::EnableDefaultHealthCheckService(true);
  if (config_.reflection) {
    // gRPC's built-in health service carries no protobuf descriptor; linking ours in lets
    // reflection describe grpc.health.v1.Health, so grpcurl can call Health/Check without files.
    (void)grpc::health::v1::HealthCheckResponse::descriptor();
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  }
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::StrFormat("%s:%d", config_.host, config_.port), credentials_,
                           &port);
  builder.RegisterService(service_.get());
  builder.SetMaxReceiveMessageSize(static_cast<int>(config_.max_message_bytes));
  ApplyTransportLimits(config_, &builder);
  // Requests protobuf cannot parse (e.g. invalid UTF-8): INVALID_ARGUMENT naming the field.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<ParseErrorInterceptorFactory>());
  if (client_limiter_) interceptors.push_back(client_limiter_->NewInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (!server_ || port == 0) {
    return absl::UnavailableError(absl::StrFormat(
        "could not listen on %s:%d (in use, or not a local address?)", config_.host, config_.port));
  }
  SetHealth(false);  // the default health service starts out SERVING for ""
  OCTET_RETURN_IF_ERROR(StartHttp());
  LogLimits();
  return port;
}

void OctetServer::LogLimits() const {
  auto n = [](const char* key, int64_t v) { return LogField{key, absl::StrCat(v), true}; };
  std::vector<LogField> fields = {
      n("workers", config_.workers),
      n("threads_per_worker", config_.threads_per_worker),
      n("max_batch_tokens", config_.max_batch_tokens),
      n("max_batch_size", config_.max_batch_size),
      n("batch_wait_us", config_.batch_wait_us),
      n("max_queue", config_.max_queue),
      n("max_texts_per_request", config_.max_texts_per_request),
      n("max_text_bytes", config_.max_text_bytes),
      n("max_message_bytes", config_.max_message_bytes),
  };
  if (http_) {
    fields.push_back(n("http_port", http_->port()));
    fields.push_back(n("http_threads", config_.http_threads));
    fields.push_back(n("http_connection_queue", config_.http_connection_queue));
    fields.push_back(n("http_deadline_ms", config_.http_deadline_ms));
    fields.push_back(n("http_keep_alive_ms", kHttpKeepAliveMs));
    fields.push_back(n("http_io_timeout_ms", kHttpIoTimeoutMs));
  }
  LogLine(LogLevel::kInfo, "limits", fields);
  LogLine(LogLevel::kInfo, "transport limits", TransportLimitFields(config_));
}

absl::Status OctetServer::StartHttp() {
  if (config_.http_port < 0) return absl::OkStatus();
  http::HttpApiOptions api;
  api.default_deadline = absl::Milliseconds(config_.http_deadline_ms);
  if (!config_.tei_model.empty()) {
    const absl::StatusOr<ServedModel*> tei = logic_->registry().Find(config_.tei_model);
    if (!tei.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--tei_model: ", tei.status().message()));
    }
    api.tei_model = config_.tei_model;
  }
  if (!config_.api_key_file.empty()) {
    OCTET_ASSIGN_OR_RETURN(const std::string key,
                           ReadFlagFile("api_key_file", config_.api_key_file));
    api.api_key = std::string(absl::StripAsciiWhitespace(key));
  }
  http_api_ = std::make_unique<http::HttpApi>(logic_.get(), std::move(api));
  http::HttpServerOptions options;
  options.host = config_.host;
  options.port = config_.http_port;
  options.threads = config_.http_threads;
  options.connection_queue = config_.http_connection_queue;
  options.max_body_bytes = config_.max_message_bytes;
  // civetweb gives every connection a handler thread until it closes, idle keep-alive ones
  // included: short timeouts keep a few slow or idle clients from holding every thread.
  options.keep_alive_ms = kHttpKeepAliveMs;
  options.request_timeout_ms = kHttpIoTimeoutMs;
  OCTET_ASSIGN_OR_RETURN(http_, http::HttpServer::Start(options, http_api_.get()));
  return absl::OkStatus();
}

void OctetServer::SetHealth(bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus("", serving);
  for (const auto& m : registry_->models()) health->SetServingStatus(m->name, serving);
}

absl::Status OctetServer::WaitUntilServing() {
  OCTET_RETURN_IF_ERROR(pool_->WaitReady());
  RecordServedMemory();
  for (const auto& m : registry_->models()) m->state.store(ModelState::kServing);
  SetHealth(true);
  return absl::OkStatus();
}

void OctetServer::RecordServedMemory() {
  const MemoryStats mem = ReadMemoryStats();
  int64_t weights = 0;
  for (const auto& m : registry_->models()) {
    if (m->model) weights += static_cast<int64_t>(m->model->weight_bytes());
    m->served_rss_bytes.store(mem.rss_bytes);
    m->startup_peak_rss_bytes.store(mem.peak_rss_bytes);
  }
  LogInfo("memory: RSS %.1f MB when serving (model weights %.1f MB); start-up peak %.1f MB",
          mem.rss_bytes / 1e6, weights / 1e6, mem.peak_rss_bytes / 1e6);
}

bool OctetServer::Drain(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  // New requests are refused before health says so: a client that sees NOT_SERVING is never
  // admitted after it.
  for (const auto& m : registry_->models()) m->state.store(ModelState::kDraining);
  logic_->StartDrain();
  batcher_->StartDrain();
  SetHealth(false);
  const bool drained = inflight_.WaitZero(deadline);
  if (drained) {
    LogInfo("drain: in-flight requests finished after %.2f s",
            absl::ToDoubleSeconds(absl::Now() - (deadline - timeout)));
  } else {
    LogWarning("drain: %d requests still in flight after %.1f s; cancelling them",
               inflight_.count(), absl::ToDoubleSeconds(timeout));
  }
  StopWork();
  // Wait until every answer has been sent (a reactor is done once its status is out). Then
  // nothing is left to wait for: gRPC's Shutdown with a future deadline would also wait for
  // idle client connections to go away, so it gets none.
  if (!calls_.WaitIdle(std::max(deadline, absl::Now() + absl::Milliseconds(100)))) {
    LogWarning("drain: %d calls still active; cancelling them", calls_.active());
  }
  if (http_) {
    // HTTP handlers whose jobs just finished may still be writing their answers.
    if (!http_->WaitIdle(std::max(deadline, absl::Now() + absl::Milliseconds(100)))) {
      LogWarning("drain: HTTP requests still being answered; stopping HTTP anyway");
    }
    http_.reset();
    LogInfo("drain: HTTP stopped after %.2f s",
            absl::ToDoubleSeconds(absl::Now() - (deadline - timeout)));
  }
  server_->Shutdown(std::chrono::system_clock::now());
  LogInfo("drain: gRPC shut down after %.2f s",
          absl::ToDoubleSeconds(absl::Now() - (deadline - timeout)));
  return drained;
}

}  // namespace octet::server
