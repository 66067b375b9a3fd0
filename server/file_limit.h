#pragma once
// Open-file limit (RLIMIT_NOFILE) at start-up. Every connection holds a descriptor, and gRPC
// 1.51's accept loop stops accepting for good once accept() fails with EMFILE (CVE-2023-4785),
// so the soft limit is raised to the hard one before any port opens.

#include <cstdint>
#include <string>

namespace octet::server {

struct FileLimit {
  int64_t before = 0;  ///< soft limit found at start
  int64_t soft = 0;    ///< soft limit now
  int64_t hard = 0;
  std::string error;  ///< why raising failed (empty when it worked or was not needed)
};

/// Raises the soft RLIMIT_NOFILE to the hard limit.
FileLimit RaiseFileLimit();

}  // namespace octet::server
