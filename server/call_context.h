#pragma once
// What every unary RPC carries from its handler to the moment it is finished: the reactor, the
// clock, the metrics sink. Finish() is the one exit: it reports to the metrics sink and hands
// the mapped status to gRPC.

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "octet/v1/inference.pb.h"
#include "server/job.h"
#include "server/metrics_sink.h"

namespace octet::server {

struct CallContext {
  grpc::CallbackServerContext* server_context = nullptr;
  grpc::ServerUnaryReactor* reactor = nullptr;
  std::string_view method;  ///< "Classify", "Answer", ...
  absl::Time received;      ///< when the handler started
  MetricsSink* metrics = nullptr;

  /// Reports the request to the metrics sink and finishes the RPC with ToGrpcStatus(status).
  /// `batch` is null for requests that never reached a worker.
  void Finish(const absl::Status& status, std::string_view model, const StageTimings& timings,
              const BatchFacts* batch = nullptr, int64_t tokens = 0) const;

  /// The call's deadline (InfiniteFuture when the client set none).
  absl::Time Deadline() const;
};

/// Fills a response's Timing.
void FillTiming(const StageTimings& timings, const BatchFacts* batch, v1::Timing* out);

inline int64_t Nanos(absl::Duration d) { return absl::ToInt64Nanoseconds(d); }

}  // namespace octet::server
