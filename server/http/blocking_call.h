#pragma once
// An HTTP handler thread's end of a call: it starts the call through InferenceCalls and blocks
// until the call is finished (at once for errors and inline calls, or by the worker that
// computed its batch). What the finish reported is kept for the response headers and the
// access log. While it waits, the handler watches its client: a client that disconnects
// cancels its call, which the scheduler then skips as it skips a cancelled gRPC call.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/call_context.h"
#include "server/http/client_watch.h"

namespace octet::server::http {

/// How a call ended.
struct CallOutcome {
  absl::Status status;
  StageTimings timings;
  std::string model;
  int64_t tokens = 0;
  int64_t batch_sequences = 0;  ///< sequences in the batch it was computed in (0: none)
  bool ran = false;             ///< a call was started (false: refused before, e.g. 404)
};

/// How often a waiting handler looks at its client; the first look comes after one interval,
/// so calls answered sooner never look.
inline constexpr absl::Duration kClientWatchInterval = absl::Milliseconds(20);

class BlockingCallEnd final : public CallEnd {
 public:
  /// `peer`: the connection to watch while waiting (port 0: none).
  explicit BlockingCallEnd(HttpPeer peer = {}) : watch_(std::move(peer)) {}

  void OnFinish(const absl::Status& status, const RequestReport& report,
                const BatchFacts* batch) override;
  /// True once the waiting handler has seen its client disconnect.
  bool IsCancelled() const override { return cancelled_.load(std::memory_order_acquire); }

  /// Blocks until OnFinish, watching the client meanwhile; then the outcome.
  const CallOutcome& Wait();

 private:
  CallOutcome outcome_;  // written by OnFinish before done_ is notified, read after
  absl::Notification done_;
  ClientWatch watch_;  // used by the waiting thread only
  std::atomic<bool> cancelled_{false};
};

/// Starts a call with `start(call)` where `call` reports to a BlockingCallEnd, waits for it
/// (cancelling it if the client at `peer` disconnects) and returns its outcome.
template <typename StartFn>
CallOutcome RunBlocking(CallContext call, StartFn&& start, HttpPeer peer = {}) {
  BlockingCallEnd end(std::move(peer));
  call.end = &end;
  start(call);
  return end.Wait();
}

}  // namespace octet::server::http
