#pragma once
// Counts the Inference service's RPCs from the handler's start until gRPC reports them done
// (the status sent), so that a drain can wait for every response to leave before it shuts
// gRPC down.

#include <cstdint>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace octet::server {

class CallTracker {
 public:
  CallTracker() = default;
  CallTracker(const CallTracker&) = delete;
  CallTracker& operator=(const CallTracker&) = delete;

  /// A reactor for one unary RPC; it counts itself until OnDone and then deletes itself. The
  /// tracker must outlive the gRPC server.
  grpc::ServerUnaryReactor* NewReactor();

  /// Blocks until no RPC is active or `deadline` passes; true when none is active.
  bool WaitIdle(absl::Time deadline);
  int64_t active() const;

 private:
  class Reactor;
  void Done();

  mutable absl::Mutex mu_;
  int64_t active_ ABSL_GUARDED_BY(mu_) = 0;  // reactors created and not yet done
};

}  // namespace octet::server
