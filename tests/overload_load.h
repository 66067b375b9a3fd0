#pragma once
// The overload experiment shared by the overload suite (server_overload_test: what must hold)
// and its benchmark (tests/bench/overload_bench: the figures, such as the rejection p99 against
// its 10 ms target): measure the server's capacity C (requests/s at saturation, closed loop),
// offer 2×C open loop for a while from several client connections, then 100 sequential
// requests, then C again.

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/server_process.h"

namespace octet::testing {

struct OverloadOptions {
  int streams = 8;  ///< client connections
  absl::Duration load_time = absl::Seconds(30);
  int64_t queue_bound = 16;  ///< the server's --max_queue (printed beside the depth seen)
};

struct OverloadReport {
  double idle_p50_ms = 0;     ///< 20 sequential requests before anything else
  double capacity = 0;        ///< C before the load, requests/s
  double capacity_after = 0;  ///< C measured again after the load
  double load_seconds = 0;
  int64_t sent = 0;                  ///< open-loop requests sent at 2×C
  int64_t other = 0;                 ///< replies neither OK nor RESOURCE_EXHAUSTED
  std::vector<double> ok_ms;         ///< latency of each OK reply
  std::vector<double> rejection_ms;  ///< latency of each RESOURCE_EXHAUSTED reply
  std::vector<double> control_ms;    ///< GetModel (never queued) sent on the same schedule
  int64_t max_queued = 0;            ///< deepest queue a poller saw during the load
  bool drained = false;              ///< every open-loop call answered within 15 s of the end
  v1::ModelStats before, after;      ///< the model's stats around the load
  std::vector<double> recovery_ms;   ///< 100 sequential requests right after
  int recovery_failures = 0;

  double goodput() const { return static_cast<double>(ok_ms.size()) / load_seconds; }
};

/// Runs the experiment against `server` (model "" = its only classifier).
absl::StatusOr<OverloadReport> RunOverload(const ServerProcess& server,
                                           const OverloadOptions& options);

/// Prints the report's figures (one "overload: ..." line per phase).
void PrintOverload(const OverloadReport& report, const OverloadOptions& options);

}  // namespace octet::testing
