// octet-server-testing's hooks: the flags below exist only in that executable, which the service
// tests start. They make timing-dependent behaviour observable (a worker held busy, a warm-up
// that lasts until the test lets it end) and prove that the memory-growth test can fail (a
// deliberate leak).

#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "core/base/status_macros.h"
#include "server/main_hooks.h"

ABSL_FLAG(int, test_worker_delay_ms, 0, "Testing only: workers sleep this long before each batch.");
ABSL_FLAG(std::string, test_worker_hold_file, "",
          "Testing only: before each batch, workers wait while this file exists (a test holds "
          "the workers by creating it and releases them by removing it).");
ABSL_FLAG(int, test_warmup_delay_ms, 0, "Testing only: warm-up lasts at least this long.");
ABSL_FLAG(std::string, test_warmup_hold_file, "",
          "Testing only: warm-up does not end while this file exists (a test keeps the server "
          "warming up by creating it and lets it finish by removing it).");
ABSL_FLAG(int64_t, test_leak_bytes_per_request, 0,
          "Testing only: deliberately leak this many bytes per request (proves the "
          "memory-growth test can fail).");

namespace octet::server {
namespace {

// The leaked blocks stay referenced, so sanitizers' leak checkers stay quiet: the point is the
// growth of the resident set.
class KeptBlocks {
 public:
  void Keep(int64_t bytes) {
    std::unique_ptr<char[]> block(new char[bytes]);
    std::memset(block.get(), 0x5a, bytes);  // touched, so that it counts in RSS
    absl::MutexLock lock(&mu_);
    blocks_.push_back(std::move(block));
  }

 private:
  absl::Mutex mu_;
  std::vector<std::unique_ptr<char[]>> blocks_ ABSL_GUARDED_BY(mu_);
};

// Waits while `file` exists (never, for an empty name).
void WaitWhileExists(const std::string& file) {
  struct stat st;
  while (!file.empty() && stat(file.c_str(), &st) == 0) absl::SleepFor(absl::Milliseconds(1));
}

absl::Status NotNegative(const char* flag, int64_t value) {
  if (value >= 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat("--%s: expected >= 0, got %d", flag, value));
}

}  // namespace

absl::StatusOr<ServerHooks> MainHooks() {
  const int worker_delay_ms = absl::GetFlag(FLAGS_test_worker_delay_ms);
  const int warmup_delay_ms = absl::GetFlag(FLAGS_test_warmup_delay_ms);
  const int64_t leak_bytes = absl::GetFlag(FLAGS_test_leak_bytes_per_request);
  OCTET_RETURN_IF_ERROR(NotNegative("test_worker_delay_ms", worker_delay_ms));
  OCTET_RETURN_IF_ERROR(NotNegative("test_warmup_delay_ms", warmup_delay_ms));
  OCTET_RETURN_IF_ERROR(NotNegative("test_leak_bytes_per_request", leak_bytes));
  const std::string hold_file = absl::GetFlag(FLAGS_test_worker_hold_file);
  const std::string warmup_hold_file = absl::GetFlag(FLAGS_test_warmup_hold_file);
  ServerHooks hooks;
  if (worker_delay_ms > 0 || !hold_file.empty()) {
    const absl::Duration delay = absl::Milliseconds(worker_delay_ms);
    hooks.before_batch = [delay, hold_file] {
      if (delay > absl::ZeroDuration()) absl::SleepFor(delay);
      WaitWhileExists(hold_file);
    };
  }
  if (warmup_delay_ms > 0 || !warmup_hold_file.empty()) {
    const absl::Duration floor = absl::Milliseconds(warmup_delay_ms);
    hooks.after_warmup = [floor, warmup_hold_file](absl::Duration warm_time) {
      absl::SleepFor(floor - warm_time);
      WaitWhileExists(warmup_hold_file);
    };
  }
  if (leak_bytes > 0) {
    // Lives as long as the process: the hook may run until the very end.
    static KeptBlocks* const kept = new KeptBlocks();
    hooks.request_done = [leak_bytes] { kept->Keep(leak_bytes); };
  }
  return hooks;
}

}  // namespace octet::server
