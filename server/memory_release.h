#pragma once
// Giving freed memory back to the system. glibc keeps freed heap memory for reuse: after the
// start-up self-check (an FP32 copy of the model, loaded and dropped) and after a worker
// releases buffers of an unusually large batch, the resident set would otherwise keep them.

#include <cstdint>

namespace octet::server {

/// Allocations of at least this many bytes get their own mapping, unmapped when freed.
inline constexpr int64_t kMmapThresholdBytes = int64_t{1} << 20;

/// Sets malloc's mmap threshold to kMmapThresholdBytes (and so turns off glibc's dynamic
/// threshold, which after the first large free would move every buffer up to 32 MB into the
/// heap, where freeing it does not shrink the process). Call once, first thing in main.
void ConfigureMallocForServing();

/// Returns free heap pages of every malloc arena to the system (malloc_trim). The resident set
/// in bytes before and after, read from /proc/self/status.
struct Released {
  int64_t rss_before = 0;
  int64_t rss_after = 0;
};
Released ReleaseFreedMemory();

}  // namespace octet::server
