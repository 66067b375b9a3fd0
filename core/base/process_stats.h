#pragma once
// Memory figures of this process, read from /proc/self/status (Linux).

#include <cstdint>

namespace octet {

struct MemoryStats {
  int64_t rss_bytes = 0;       // VmRSS: resident now
  int64_t peak_rss_bytes = 0;  // VmHWM: the most ever resident
  int64_t virtual_bytes = 0;   // VmSize
};

/// Zeros when /proc is not readable.
MemoryStats ReadMemoryStats();

}  // namespace octet
