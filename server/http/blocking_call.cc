#include "server/http/blocking_call.h"

namespace octet::server::http {

void BlockingCallEnd::OnFinish(const absl::Status& status, const RequestReport& report,
                               const BatchFacts* batch) {
  outcome_.status = status;
  outcome_.timings = report.timings;
  outcome_.model = std::string(report.model);
  outcome_.tokens = report.tokens;
  outcome_.batch_sequences = batch != nullptr ? batch->sequences : 0;
  outcome_.ran = true;
  done_.Notify();
}

const CallOutcome& BlockingCallEnd::Wait() {
  while (!done_.WaitForNotificationWithTimeout(kClientWatchInterval)) {
    if (!cancelled_.load(std::memory_order_relaxed) && watch_.ClientGone()) {
      cancelled_.store(true, std::memory_order_release);
    }
  }
  return outcome_;
}

}  // namespace octet::server::http
