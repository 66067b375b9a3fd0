#pragma once
// What every unary call carries from its handler to the moment it is finished: the transport's
// end of the call, the clock, the metrics sink. Finish() is the one exit: it reports to the
// metrics sink and hands the mapped status to the transport (gRPC's reactor, or a CallEnd such
// as an HTTP exchange).

#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "octet/v1/inference.pb.h"
#include "server/job.h"
#include "server/metrics_sink.h"
#include "server/trace_context.h"

namespace octet::server {

/// A transport's end of one call other than gRPC's reactor (HTTP): told once when the call
/// finishes, asked whether the client is still waiting. Must outlive the call.
class CallEnd {
 public:
  virtual ~CallEnd() = default;
  /// Called exactly once, after the metrics sink saw `report`; the response is filled on OK.
  virtual void OnFinish(const absl::Status& status, const RequestReport& report,
                        const BatchFacts* batch) = 0;
  virtual bool IsCancelled() const = 0;
};

struct CallContext {
  /// gRPC calls: the server context and the reactor Finish() finishes.
  grpc::CallbackServerContext* server_context = nullptr;
  grpc::ServerUnaryReactor* reactor = nullptr;
  /// Other transports (and observers of gRPC calls such as the access log): told on Finish().
  CallEnd* end = nullptr;
  std::string_view method;  ///< "Classify", "Answer", ... or an HTTP route ("/v1/classify")
  absl::Time received;      ///< when the handler started
  /// The transport's own deadline for calls without a server_context (HTTP).
  absl::Time deadline = absl::InfiniteFuture();
  MetricsSink* metrics = nullptr;
  /// gRPC calls sampled for the access log: their ids (HTTP logs its own line, with its status).
  std::shared_ptr<const TraceContext> trace;

  /// Reports the request to the metrics sink, then finishes it: the CallEnd is told, and a gRPC
  /// call is finished with ToGrpcStatus(status). `batch` is null for requests that never
  /// reached a worker.
  void Finish(const absl::Status& status, std::string_view model, const StageTimings& timings,
              const BatchFacts* batch = nullptr, int64_t tokens = 0) const;

  /// The call's deadline (InfiniteFuture when the client set none).
  absl::Time Deadline() const;
  /// True when the client went away.
  bool IsCancelled() const;
};

/// Fills a response's Timing.
void FillTiming(const StageTimings& timings, const BatchFacts* batch, v1::Timing* out);

inline int64_t Nanos(absl::Duration d) { return absl::ToInt64Nanoseconds(d); }

}  // namespace octet::server
