#include "server/test_leak.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace octet::server {
namespace {

std::atomic<int64_t> leak_bytes{0};

// Still referenced, so sanitizers' leak checkers stay quiet: the point is RSS growth.
struct Kept {
  absl::Mutex mu;
  std::vector<std::unique_ptr<char[]>> blocks ABSL_GUARDED_BY(mu);
};

Kept& KeptBlocks() {
  static Kept* kept = new Kept();
  return *kept;
}

}  // namespace

void SetTestLeakBytesPerRequest(int64_t bytes) { leak_bytes.store(bytes > 0 ? bytes : 0); }

void LeakForTestIfEnabled() {
  const int64_t bytes = leak_bytes.load(std::memory_order_relaxed);
  if (bytes == 0) return;
  std::unique_ptr<char[]> block(new char[bytes]);
  std::memset(block.get(), 0x5a, bytes);
  Kept& kept = KeptBlocks();
  absl::MutexLock lock(&kept.mu);
  kept.blocks.push_back(std::move(block));
}

}  // namespace octet::server
