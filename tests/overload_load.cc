#include "tests/overload_load.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "tests/grpc_test_util.h"

namespace octet::testing {
namespace {

constexpr char kText[] = "the service was quick and friendly";

// Replies of the open-loop phase.
class Outcomes {
 public:
  void Add(grpc::StatusCode code, double ms) {
    absl::MutexLock lock(&mu_);
    if (code == grpc::StatusCode::OK) {
      ok_ms_.push_back(ms);
    } else if (code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      rejection_ms_.push_back(ms);
    } else {
      ++other_;
    }
  }
  void CopyTo(OverloadReport* report) const {
    absl::MutexLock lock(&mu_);
    report->ok_ms = ok_ms_;
    report->rejection_ms = rejection_ms_;
    report->other = other_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<double> ok_ms_ ABSL_GUARDED_BY(mu_);
  int64_t other_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<double> rejection_ms_ ABSL_GUARDED_BY(mu_);
};

// One asynchronous Classify; records its outcome and deletes itself.
struct AsyncCall {
  grpc::ClientContext context;
  v1::ClassifyRequest request;
  v1::ClassifyResponse response;
  absl::Time sent;

  static void Send(v1::Inference::Stub* stub, Outcomes* outcomes, std::atomic<int>* pending) {
    auto* call = new AsyncCall;
    call->request.add_texts(kText);
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    pending->fetch_add(1);
    call->sent = absl::Now();
    stub->async()->Classify(
        &call->context, &call->request, &call->response, [call, outcomes, pending](grpc::Status s) {
          outcomes->Add(s.error_code(), absl::ToDoubleMilliseconds(absl::Now() - call->sent));
          delete call;
          pending->fetch_sub(1);
        });
  }
};

// One asynchronous GetModel, the control: the cheapest RPC, never queued. Sent on the same
// schedule as the load, its latency is what the transport and the machine's scheduling (stalls
// included) add to any reply at that moment.
struct ControlCall {
  grpc::ClientContext context;
  v1::GetModelRequest request;
  v1::GetModelResponse response;
  absl::Time sent;

  static void Send(v1::Inference::Stub* stub, absl::Mutex* mu, std::vector<double>* latencies_ms,
                   std::atomic<int>* pending) {
    auto* call = new ControlCall;
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    pending->fetch_add(1);
    call->sent = absl::Now();
    stub->async()->GetModel(&call->context, &call->request, &call->response,
                            [call, mu, latencies_ms, pending](grpc::Status s) {
                              const double ms =
                                  absl::ToDoubleMilliseconds(absl::Now() - call->sent);
                              if (s.ok()) {
                                absl::MutexLock lock(mu);
                                latencies_ms->push_back(ms);
                              }
                              delete call;
                              pending->fetch_sub(1);
                            });
  }
};

// Requests/s served at saturation: one closed-loop caller per connection, counted over 3 s
// after 0.5 s to get there.
double MeasureCapacity(const std::vector<std::unique_ptr<v1::Inference::Stub>>& stubs) {
  std::atomic<int64_t> served{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> callers;
  for (const auto& stub : stubs) {
    callers.emplace_back([&, s = stub.get()] {
      while (!stop.load()) {
        if (ClassifyOnce(s, kText).status.ok()) served.fetch_add(1);
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(500));
  const int64_t start_count = served.load();
  const absl::Time start = absl::Now();
  absl::SleepFor(absl::Seconds(3));
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const int64_t done = served.load() - start_count;
  stop.store(true);
  for (std::thread& t : callers) t.join();
  return static_cast<double>(done) / seconds;
}

std::vector<double> SequentialLatenciesMs(v1::Inference::Stub* stub, int n, int* failures) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const Timed r = ClassifyOnce(stub, kText);
    if (!r.status.ok()) ++*failures;
    ms.push_back(absl::ToDoubleMilliseconds(r.latency));
  }
  return ms;
}

}  // namespace

absl::StatusOr<OverloadReport> RunOverload(const ServerProcess& server,
                                           const OverloadOptions& options) {
  std::vector<std::unique_ptr<v1::Inference::Stub>> stubs;
  for (int i = 0; i < options.streams; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("octet.test.stream", i);  // distinct arguments: a connection of its own
    stubs.push_back(v1::Inference::NewStub(
        grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args)));
  }
  v1::Inference::Stub* control = stubs[0].get();
  OverloadReport report;

  // Latency when idle.
  int failures = 0;
  report.idle_p50_ms = Percentile(SequentialLatenciesMs(control, 20, &failures), 50);
  if (failures != 0) return absl::InternalError("requests failed on the idle server");

  // Capacity C: closed loop, one caller per connection.
  report.capacity = MeasureCapacity(stubs);
  if (report.capacity <= 0) return absl::InternalError("no request served at saturation");
  report.before = Stats(control);

  // Queue depth seen by a poller during the load.
  std::atomic<int64_t> max_queued{0};
  std::atomic<bool> load_done{false};
  std::thread poller([&] {
    while (!load_done.load()) {
      const int64_t q = Stats(control).queued();
      if (q > max_queued.load()) max_queued.store(q);
      absl::SleepFor(absl::Milliseconds(20));
    }
  });
  absl::Mutex control_mu;
  std::vector<double> control_ms;

  // Open loop at 2×C: one pacing thread sends on a fixed schedule, round-robin over the
  // connections, whatever the replies do (few client threads compete with the server).
  Outcomes outcomes;
  std::atomic<int> pending{0};
  const absl::Duration interval = absl::Seconds(1 / (2 * report.capacity));
  const absl::Time load_start = absl::Now();
  for (absl::Time next = load_start; next < load_start + options.load_time; next += interval) {
    absl::SleepFor(next - absl::Now());
    AsyncCall::Send(stubs[report.sent % options.streams].get(), &outcomes, &pending);
    if (report.sent++ % 4 == 0) ControlCall::Send(control, &control_mu, &control_ms, &pending);
  }
  report.load_seconds = absl::ToDoubleSeconds(absl::Now() - load_start);
  report.drained = WaitUntil([&] { return pending.load() == 0; }, absl::Seconds(15));
  load_done.store(true);
  poller.join();
  if (!report.drained) return report;  // calls still reference the outcomes: leave them be
  outcomes.CopyTo(&report);
  report.max_queued = max_queued.load();
  {
    absl::MutexLock lock(&control_mu);
    report.control_ms = control_ms;
  }
  report.after = Stats(control);

  // Recovery: 100 sequential requests; then C again (the machine's speed may drift).
  report.recovery_ms = SequentialLatenciesMs(control, 100, &report.recovery_failures);
  report.capacity_after = MeasureCapacity(stubs);
  return report;
}

void PrintOverload(const OverloadReport& r, const OverloadOptions& options) {
  std::printf("overload: capacity C = %.1f requests/s; idle p50 %.2f ms\n", r.capacity,
              r.idle_p50_ms);
  std::printf(
      "overload: offered %.1f requests/s for %.1f s (%lld sent): %zu OK, %zu "
      "RESOURCE_EXHAUSTED, %lld other; goodput %.1f/s = %.2f×C; rejection p50 %.2f ms, "
      "p99 %.2f ms; max queue depth %lld (bound %lld)\n",
      static_cast<double>(r.sent) / r.load_seconds, r.load_seconds, static_cast<long long>(r.sent),
      r.ok_ms.size(), r.rejection_ms.size(), static_cast<long long>(r.other), r.goodput(),
      r.goodput() / r.capacity, Percentile(r.rejection_ms, 50), Percentile(r.rejection_ms, 99),
      static_cast<long long>(r.max_queued), static_cast<long long>(options.queue_bound));
  int64_t slow = 0;
  for (double ms : r.rejection_ms) slow += ms > 10.0;
  std::printf(
      "overload: rejections p90 %.2f ms, p99.9 %.2f ms, max %.2f ms, %lld over 10 ms; "
      "control GetModel during the load p50 %.2f ms, p99 %.2f ms; OK replies p50 %.2f ms\n",
      Percentile(r.rejection_ms, 90), Percentile(r.rejection_ms, 99.9),
      Percentile(r.rejection_ms, 100), static_cast<long long>(slow), Percentile(r.control_ms, 50),
      Percentile(r.control_ms, 99), Percentile(r.ok_ms, 50));
  std::printf(
      "overload: after the load 100 sequential requests, %d failed, p50 %.2f ms (idle %.2f ms); "
      "capacity after %.1f requests/s, goodput %.2f× the lower C\n",
      r.recovery_failures, Percentile(r.recovery_ms, 50), r.idle_p50_ms, r.capacity_after,
      r.goodput() / std::min(r.capacity, r.capacity_after));
}

}  // namespace octet::testing
