#include "server/memory_release.h"

#include <malloc.h>

#include "core/base/process_stats.h"

namespace octet::server {

void ConfigureMallocForServing() {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThresholdBytes));
}

Released ReleaseFreedMemory() {
  Released r;
  r.rss_before = ReadMemoryStats().rss_bytes;
  malloc_trim(0);
  r.rss_after = ReadMemoryStats().rss_bytes;
  return r;
}

}  // namespace octet::server
