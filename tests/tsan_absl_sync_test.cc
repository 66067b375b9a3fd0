// Patterns the TSan stage must accept, each a shape the server uses across threads. Built into
// every test build; it earns its keep in the TSan build (tests/ci_extra.sh --stages tsan), where
// without tests/tsan_absl_sync.cc each case is reported as a data race in Debian's uninstrumented
// Abseil.

#include <chrono>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace {

// The batcher finishes a skipped job with a Status it keeps a copy of; the caller reads the
// message and drops its copy while the scheduler still holds one. The last drop deletes the
// shared message, in whichever thread comes last.
TEST(TsanAbslSync, StatusSharedAcrossThreadsIsDeletedByTheLastOwner) {
  for (int round = 0; round < 20; ++round) {
    absl::Status handed_over;
    absl::Notification ready;
    std::thread producer([&] {
      const absl::Status kept = absl::CancelledError("the call was cancelled while it was queued");
      handed_over = kept;
      ready.Notify();
      // Holds its copy past the reader's drop, so that this thread deletes the message.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    ready.WaitForNotification();
    const std::string message(handed_over.message());
    { const absl::Status dropped = std::move(handed_over); }
    producer.join();
    EXPECT_EQ(message, "the call was cancelled while it was queued");
  }
}

// A mutex-guarded counter and a condition, as the batcher's queue uses them.
TEST(TsanAbslSync, MutexGuardedDataAndAwait) {
  absl::Mutex mu;
  int value = 0;
  std::thread writer([&] {
    for (int i = 0; i < 100; ++i) {
      absl::MutexLock lock(&mu);
      ++value;
    }
  });
  {
    absl::MutexLock lock(&mu);
    auto done = [&value]() { return value == 100; };
    mu.Await(absl::Condition(&done));
    EXPECT_EQ(value, 100);
  }
  writer.join();
}

}  // namespace
