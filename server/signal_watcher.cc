#include "server/signal_watcher.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ctime>

#include "core/base/logging.h"

namespace octet::server {
namespace {

sigset_t TerminationSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  const sigset_t set = TerminationSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

SignalWatcher::SignalWatcher(std::function<void(int)> on_first)
    : on_first_(std::move(on_first)), thread_([this] { Loop(); }) {}

SignalWatcher::~SignalWatcher() {
  stop_.store(true);
  thread_.join();
}

void SignalWatcher::Loop() {
  const sigset_t set = TerminationSet();
  int received = 0;
  while (!stop_.load()) {
    const timespec poll = {0, 100L * 1000 * 1000};  // re-check stop_ every 100 ms
    const int sig = sigtimedwait(&set, nullptr, &poll);
    if (sig < 0) continue;  // EAGAIN (timeout) or EINTR
    if (++received == 1) {
      LogInfo("received %s: draining (send it again to exit at once)",
              sig == SIGTERM ? "SIGTERM" : "SIGINT");
      on_first_(sig);
    } else {
      LogWarning("second signal: exiting without draining");
      std::_Exit(128 + sig);
    }
  }
}

}  // namespace octet::server
