#pragma once
// SIGTERM / SIGINT handling without async-signal-safety worries: the signals are blocked in
// every thread and one thread waits for them with sigtimedwait.

#include <atomic>
#include <functional>
#include <thread>

namespace octet::server {

/// Blocks SIGTERM and SIGINT in the calling thread. Call first thing in main, before any other
/// thread exists, so that every thread inherits the mask.
void BlockTerminationSignals();

class SignalWatcher {
 public:
  /// Starts the watching thread. The first signal calls `on_first(signo)` (on that thread); a
  /// second one exits the process at once with status 128 + signo.
  explicit SignalWatcher(std::function<void(int)> on_first);
  /// Stops and joins the watching thread.
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void Loop();

  const std::function<void(int)> on_first_;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // joined by the destructor
};

}  // namespace octet::server
