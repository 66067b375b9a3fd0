#include "tests/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/fixture_util.h"

namespace octet::testing {

WorkerHold::WorkerHold(bool held) {
  static int count = 0;
  path_ = ::testing::TempDir() + "/octet_worker_hold_" + std::to_string(getpid()) + "_" +
          std::to_string(++count);
  if (held) Hold();
}

WorkerHold::~WorkerHold() { Release(); }

std::string WorkerHold::Flag() const { return FlagNamed("test_worker_hold_file"); }

std::string WorkerHold::FlagNamed(const std::string& flag) const {
  return "--" + flag + "=" + path_;
}

void WorkerHold::Hold() {
  std::ofstream(path_).put('x');
  held_ = true;
}

void WorkerHold::Release() {
  unlink(path_.c_str());
  held_ = false;
}

std::string ServerBinary() {
  return std::string(OCTET_BINARY_DIR) + "/server/octet-server-testing";
}

std::string ProductionServerBinary() {
  return std::string(OCTET_BINARY_DIR) + "/server/octet-server";
}

std::string ModelFlag(const std::string& name, const std::string& fixture) {
  return "--model=" + name + "=" + FixtureDir(fixture);
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::vector<std::string>& args, bool wait_serving, absl::Duration timeout) {
  int out[2];
  if (pipe(out) != 0) return absl::InternalError("pipe failed");
  // --metrics_port=0: parallel suites must not contend for the default port (args may override).
  std::vector<std::string> argv_strings = {ServerBinary(), "--host=127.0.0.1", "--port=0",
                                           "--metrics_port=0"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    // The server must not outlive a test that crashes or is killed by a timeout.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    // The test's own signal mask is inherited by exec; start the server with a clean one.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::unique_ptr<ServerProcess> p(new ServerProcess());
  p->pid_ = pid;
  p->stdout_fd_ = out[0];
  fcntl(p->stdout_fd_, F_SETFL, O_NONBLOCK);
  if (!p->WaitForOutput("listening on port", timeout)) {
    return absl::UnavailableError("octet-server did not report its port; stdout: " + p->output_);
  }
  const size_t at = p->output_.find("listening on port ") + std::strlen("listening on port ");
  p->port_ = std::atoi(p->output_.c_str() + at);
  if (p->port_ <= 0) return absl::InternalError("no port in output: " + p->output_);
  if (wait_serving && !p->WaitForOutput("octet-server: serving", timeout)) {
    return absl::UnavailableError("octet-server did not become ready; stdout: " + p->output_);
  }
  return p;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

std::shared_ptr<grpc::Channel> ServerProcess::NewChannel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

bool ServerProcess::WaitForOutput(const std::string& text, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (output_.find(text) == std::string::npos) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd pfd = {stdout_fd_, POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready <= 0) continue;
    char buf[4096];
    const ssize_t n = read(stdout_fd_, buf, sizeof(buf));
    if (n > 0) {
      output_.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      return output_.find(text) != std::string::npos;  // closed: the process is gone
    }
  }
  return true;
}

void ServerProcess::Signal(int signo) const { kill(pid_, signo); }

int ServerProcess::WaitExit(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return -1;
}

}  // namespace octet::testing

namespace grpc {
void PrintTo(const Status& status, std::ostream* os) {
  *os << "code " << static_cast<int>(status.error_code()) << ": " << status.error_message();
}
}  // namespace grpc
