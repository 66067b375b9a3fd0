#include "server/call_tracker.h"

namespace octet::server {

class CallTracker::Reactor final : public grpc::ServerUnaryReactor {
 public:
  explicit Reactor(CallTracker* tracker) : tracker_(tracker) {}
  void OnDone() override {
    tracker_->Done();
    delete this;
  }
  // Cancellation is seen by the batcher and the workers through IsCancelled().
  void OnCancel() override {}

 private:
  CallTracker* const tracker_;
};

grpc::ServerUnaryReactor* CallTracker::NewReactor() {
  {
    absl::MutexLock lock(&mu_);
    ++active_;
  }
  return new Reactor(this);
}

void CallTracker::Done() {
  absl::MutexLock lock(&mu_);
  --active_;
}

bool CallTracker::WaitIdle(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0; };
  return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
}

int64_t CallTracker::active() const {
  absl::MutexLock lock(&mu_);
  return active_;
}

}  // namespace octet::server
