#pragma once
// Runs the real server binary for end-to-end tests: started with --port 0 and
// --metrics_port 0 on loopback, its stdout watched for "listening on port N" and "serving",
// stopped with a signal.

#include <sys/types.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace octet::testing {

class ServerProcess {
 public:
  /// Starts `octet-server ARGS --host 127.0.0.1 --port 0` and waits for the port line, and for
  /// the "serving" line too when `wait_serving`.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::vector<std::string>& args, bool wait_serving = true,
      absl::Duration timeout = absl::Seconds(60));
  /// Kills the process if it is still running.
  ~ServerProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::shared_ptr<grpc::Channel> NewChannel() const;

  /// Everything the server printed on stdout so far.
  const std::string& output() const { return output_; }
  /// Waits until stdout has a line containing `text`.
  bool WaitForOutput(const std::string& text, absl::Duration timeout);
  void Signal(int signo) const;
  /// Waits for the process to exit: its exit code, 128 + signal when killed, -1 on timeout.
  int WaitExit(absl::Duration timeout);

 private:
  ServerProcess() = default;

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string output_;  // stdout so far
  int port_ = 0;
  bool exited_ = false;
};

/// The server the service tests run: octet-server-testing, which is octet-server plus the
/// test-only flags (--test_worker_delay_ms, --test_worker_hold_file, --test_warmup_delay_ms,
/// --test_leak_bytes_per_request; see server/testing/test_hooks.cc).
std::string ServerBinary();

/// Holds octet-server-testing's workers before each batch for as long as the test wants: a file
/// whose existence the server polls (--test_worker_hold_file). Held from construction until
/// Release() (or destruction) when constructed held; Hold() holds (again).
class WorkerHold {
 public:
  explicit WorkerHold(bool held = true);
  ~WorkerHold();
  WorkerHold(const WorkerHold&) = delete;
  WorkerHold& operator=(const WorkerHold&) = delete;

  /// The server flag: "--test_worker_hold_file=<file>".
  std::string Flag() const;
  /// The same file for another hold flag of the server: "--<flag>=<file>" (e.g.
  /// test_warmup_hold_file, which keeps warm-up from ending).
  std::string FlagNamed(const std::string& flag) const;
  void Hold();
  void Release();
  bool held() const { return held_; }

 private:
  std::string path_;
  bool held_ = false;
};

/// The production octet-server of this build (no --test_* flags).
std::string ProductionServerBinary();

/// Everything one `--model NAME=DIR` takes, for a fixture: "--model=NAME=<fixture dir>".
std::string ModelFlag(const std::string& name, const std::string& fixture);

}  // namespace octet::testing

namespace grpc {
/// Readable grpc::Status in test failures: "INVALID_ARGUMENT (3): message".
void PrintTo(const Status& status, std::ostream* os);
}  // namespace grpc
