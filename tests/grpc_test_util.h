#pragma once
// Client-side helpers for the suites that drive a real octet-server over loopback: one-call
// wrappers with a deadline and the measured latency, model statistics, health, ports and
// percentiles.

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::testing {

/// How long a test server may take to start (load, warm up, listen) before a test calls it hung:
/// pass it to ServerProcess::Start. Warm-up builds the oneDNN primitives of every batch shape,
/// which on cores shared with other suites (CI runs two at a time) can take minutes. A limit on
/// hanging, not a bound on speed.
inline absl::Duration ServerStartLimit() { return absl::Minutes(5); }

/// How long a test waits for a condition it expects the server to reach (admitted, queued,
/// computing, a health status) before calling it hung. A limit on hanging, not a bound on speed:
/// generous because sanitizer builds on cores shared with another suite run many times slower,
/// and free when the condition holds.
inline absl::Duration WaitLimit() { return absl::Seconds(60); }

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

/// Waits until the (only) model has admitted `n` requests since `before` was read.
bool WaitAdmitted(v1::Inference::Stub* stub, const v1::ModelStats& before, int64_t n,
                  absl::Duration timeout = WaitLimit());

/// A Classify call on a thread of its own: what holds the one worker of a server started with
/// --test_worker_hold_file (or --test_worker_delay_ms) while a test fills the queue behind it.
/// Reads the model's statistics before it starts the call (nothing else may be sent meanwhile).
/// Joined on destruction, so a failed assertion never leaves a joinable thread behind.
class BackgroundClassify {
 public:
  BackgroundClassify(v1::Inference::Stub* stub, std::string text,
                     absl::Duration timeout = absl::Seconds(30));
  ~BackgroundClassify();
  BackgroundClassify(const BackgroundClassify&) = delete;
  BackgroundClassify& operator=(const BackgroundClassify&) = delete;

  /// Waits until the server computes this call: exactly one request admitted since it started,
  /// one in flight and none queued. The server drops a request from the in-flight count before
  /// answering it, so an earlier answered call never shows here. False after `timeout`.
  bool WaitComputing(absl::Duration timeout = WaitLimit());
  /// Joins the thread; the call's outcome.
  const Timed& Join();

 private:
  v1::Inference::Stub* const stub_;
  const v1::ModelStats before_;
  Timed result_;
  std::thread thread_;
};

/// A Classify(`text`) started on the stub's callback API at construction (with a deadline
/// `timeout` from now unless infinite); `done` is notified once `status` holds the outcome. Not
/// movable: the callback writes into it, so keep it where it is (e.g. in a unique_ptr) until done.
struct AsyncClassify {
  AsyncClassify(v1::Inference::Stub* stub, const std::string& text,
                absl::Duration timeout = absl::InfiniteDuration());
  AsyncClassify(const AsyncClassify&) = delete;
  AsyncClassify& operator=(const AsyncClassify&) = delete;

  grpc::ClientContext context;
  v1::ClassifyRequest request;
  v1::ClassifyResponse response;
  grpc::Status status;
  absl::Notification done;
};

/// Health of `service` ("" = the whole server); UNKNOWN when the call fails.
grpc::health::v1::HealthCheckResponse::ServingStatus HealthOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service = "");
/// Waits until the whole server's health is `status`.
bool WaitHealth(const std::shared_ptr<grpc::Channel>& channel,
                grpc::health::v1::HealthCheckResponse::ServingStatus status,
                absl::Duration timeout = WaitLimit());

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
