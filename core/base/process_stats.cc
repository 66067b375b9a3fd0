#include "core/base/process_stats.h"

#include <cstdio>
#include <cstring>

namespace octet {

MemoryStats ReadMemoryStats() {
  MemoryStats stats;
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return stats;
  char line[256];
  while (std::fgets(line, sizeof(line), f)) {
    long long kb = 0;
    if (std::sscanf(line, "VmRSS: %lld kB", &kb) == 1) stats.rss_bytes = kb * 1024;
    if (std::sscanf(line, "VmHWM: %lld kB", &kb) == 1) stats.peak_rss_bytes = kb * 1024;
    if (std::sscanf(line, "VmSize: %lld kB", &kb) == 1) stats.virtual_bytes = kb * 1024;
  }
  std::fclose(f);
  return stats;
}

}  // namespace octet
