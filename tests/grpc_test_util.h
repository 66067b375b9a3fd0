#pragma once
// Client-side helpers for the suites that drive a real octet-server over loopback: one-call
// wrappers with a deadline and the measured latency, model statistics, health, ports and
// percentiles.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::testing {

/// One finished call: its status and how long the client waited for it.
struct Timed {
  grpc::Status status;
  absl::Duration latency;
};

/// Classify(`text`) on `model` with a deadline `timeout` from now.
Timed ClassifyOnce(v1::Inference::Stub* stub, const std::string& text,
                   absl::Duration timeout = absl::Seconds(30), const std::string& model = "");

/// The model's statistics from GetModel (an empty name: the only model). Fails the test
/// (non-fatally) when GetModel fails.
v1::ModelStats Stats(v1::Inference::Stub* stub, const std::string& model = "");

/// Polls `condition` every 10 ms until it holds or `timeout` passes; its last value.
bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout);

/// Health of `service` ("" = the whole server); UNKNOWN when the call fails.
grpc::health::v1::HealthCheckResponse::ServingStatus HealthOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service = "");

/// A TCP port on 127.0.0.1 that was free a moment ago.
int FreeLoopbackPort();
/// True when something accepts a TCP connection on 127.0.0.1:`port` right now.
bool LoopbackPortAccepts(int port);

/// The body of `GET path` from 127.0.0.1:`port` over plain HTTP/1.0; empty on failure.
std::string HttpGet(int port, const std::string& path);
/// The sum of the samples of metric `name` (Prometheus text format) whose label set contains
/// every one of `labels` (e.g. `code="RESOURCE_EXHAUSTED"`); 0 when there is none.
double MetricSum(const std::string& exposition, const std::string& name,
                 const std::vector<std::string>& labels);

/// The `p`-th percentile (0..100, nearest rank) of `values`; 0 when empty.
double Percentile(std::vector<double> values, double p);

/// The `octet` command-line client of this build.
std::string ClientBinary();

}  // namespace octet::testing
