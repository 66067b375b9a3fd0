// octet-server: see `octet-server --help` and docs/service.md. Also the main of
// octet-server-testing, which links the test hooks instead (server/main_hooks.h).

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/synchronization/notification.h"
#include "core/base/logging.h"
#include "core/runtime/openmp_spin.h"
#include "server/cpu_budget.h"
#include "server/file_limit.h"
#include "server/flags.h"
#include "server/main_hooks.h"
#include "server/memory_release.h"
#include "server/metrics_setup.h"
#include "server/octet_server.h"
#include "server/signal_watcher.h"

namespace {

// Machine-readable progress on stdout (tests and scripts wait for these lines).
void Announce(const char* format, int value = 0) {
  std::printf(format, value);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  using octet::server::OctetServer;
  // Before any allocation worth returning (server/memory_release.h).
  octet::server::ConfigureMallocForServing();
  // Before any thread exists: may re-execute this binary with GOMP_SPINCOUNT set.
  const absl::Status spinning = octet::BoundOpenMpSpinning(argv);
  octet::server::BlockTerminationSignals();
  const octet::server::CpuBudget budget = octet::server::DetectCpuBudget();
  std::vector<std::string> warnings;
  auto config = octet::server::ParseCommandLine(argc, argv, budget, &warnings);
  if (!config.ok()) {
    std::fprintf(stderr, "octet-server: error: %s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }
  auto hooks = octet::server::MainHooks();
  if (!hooks.ok()) {
    std::fprintf(stderr, "octet-server: error: %s\n",
                 std::string(hooks.status().message()).c_str());
    return 2;
  }
  if (!spinning.ok()) warnings.push_back(std::string(spinning.message()));
  for (const std::string& w : warnings) octet::LogWarning("%s", w);
  octet::LogInfo("CPUs: %s; %d worker(s) × %d thread(s); OpenMP: %s", budget.Describe(),
                 config->workers, config->threads_per_worker, octet::OpenMpSpinningDescription());
  // Before any port opens: every connection takes a descriptor (docs/service.md, "Security").
  const octet::server::FileLimit files = octet::server::RaiseFileLimit();
  if (!files.error.empty()) {
    octet::LogWarning("open files: could not raise the limit from %d to %d: %s", files.before,
                      files.hard, files.error);
  } else {
    octet::LogInfo("open files: limit %d (was %d, hard limit %d)", files.soft, files.before,
                   files.hard);
  }

  // Before SERVING nothing is in flight, so a signal simply ends the process.
  std::atomic<bool> serving{false};
  absl::Notification stop;
  octet::server::SignalWatcher watcher([&](int) {
    if (!serving.load()) {
      octet::LogInfo("signal during start-up: exiting");
      std::_Exit(0);
    }
    stop.Notify();
  });

  octet::server::PrometheusMetrics metrics;  // outlives the server
  auto server = OctetServer::Create(*config, &metrics, *std::move(hooks));
  if (!server.ok()) {
    std::fprintf(stderr, "octet-server: error: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  // /metrics opens before the gRPC port, so a taken metrics port stops the start.
  auto metrics_port = octet::server::StartMetricsExporter(*config, (*server)->registry(), &metrics);
  if (!metrics_port.ok()) {
    std::fprintf(stderr, "octet-server: error: %s\n",
                 std::string(metrics_port.status().message()).c_str());
    return 1;
  }
  Announce("octet-server: metrics on port %d\n", *metrics_port);
  auto port = (*server)->Start();
  if (!port.ok()) {
    std::fprintf(stderr, "octet-server: error: %s\n", std::string(port.status().message()).c_str());
    return 1;
  }
  if ((*server)->http_port() > 0) {
    Announce("octet-server: http on port %d\n", (*server)->http_port());
  }
  Announce("octet-server: listening on port %d\n", *port);
  if (absl::Status s = (*server)->WaitUntilServing(); !s.ok()) {
    std::fprintf(stderr, "octet-server: error: %s\n", std::string(s.message()).c_str());
    std::_Exit(1);
  }
  serving.store(true);
  Announce("octet-server: serving\n");

  stop.WaitForNotification();
  // The drain is bounded: if it overruns (e.g. a batch still computing), exit anyway.
  const absl::Duration drain = absl::Seconds(config->drain_seconds);
  std::thread watchdog([drain] {
    absl::SleepFor(drain + absl::Seconds(1));
    octet::LogWarning("drain did not finish in time: exiting");
    std::_Exit(0);
  });
  watchdog.detach();
  const bool drained = (*server)->Drain(drain);
  server->reset();
  Announce(drained ? "octet-server: drained\n" : "octet-server: drain timed out\n");
  return 0;
}
