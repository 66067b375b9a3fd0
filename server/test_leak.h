#pragma once
// Test only (--test_leak_bytes_per_request): a deliberate leak, so that the memory-growth test
// can show that its check fails when the server does leak. Off (0) in any real deployment.

#include <cstdint>

namespace octet::server {

/// Bytes kept per finished request from now on; 0 turns it off.
void SetTestLeakBytesPerRequest(int64_t bytes);

/// Called once per finished request: keeps (and touches, so that it counts in RSS) the
/// configured number of bytes for the rest of the process's life. Free when off.
void LeakForTestIfEnabled();

}  // namespace octet::server
