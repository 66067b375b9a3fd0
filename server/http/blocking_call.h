#pragma once
// An HTTP handler thread's end of a call: it starts the call through InferenceCalls and blocks
// until the call is finished (at once for errors and inline calls, or by the worker that
// computed its batch). What the finish reported is kept for the response headers and the
// access log.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "server/call_context.h"

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

class BlockingCallEnd final : public CallEnd {
 public:
  void OnFinish(const absl::Status& status, const RequestReport& report,
                const BatchFacts* batch) override;
  /// The handler thread waits for its answer; an HTTP client that goes away is only noticed
  /// when the answer is written, so the job is never skipped as cancelled.
  bool IsCancelled() const override { return false; }

  /// Blocks until OnFinish; then the outcome.
  const CallOutcome& Wait();

 private:
  CallOutcome outcome_;  // written by OnFinish before done_ is notified, read after
  absl::Notification done_;
};

/// Starts a call with `start(call)` where `call` reports to a BlockingCallEnd, waits for it and
/// returns its outcome.
template <typename StartFn>
CallOutcome RunBlocking(CallContext call, StartFn&& start) {
  BlockingCallEnd end;
  call.end = &end;
  start(call);
  return end.Wait();
}

}  // namespace octet::server::http
