#pragma once
// How long an idle OpenMP thread spins before it sleeps.
//
// libgomp (the OpenMP runtime Debian's oneDNN uses) lets a thread that waits at a barrier spin
// 300,000 times before it sleeps, some milliseconds on this hardware. A forward pass has a few
// hundred parallel regions. When another process (or a second server, or the CFS quota) takes a
// core, the waiting thread burns its whole time slice spinning while the peer it waits for is
// descheduled, and a 24 ms forward becomes 0.1-1 s. A short spin keeps the quiet speed (the
// barrier waits of a forward are far shorter than the spin) and sleeps soon when the CPU is
// shared. libgomp reads its environment once, when it is loaded, so the only way to set it for
// ourselves is before the process image starts: BoundOpenMpSpinning re-executes the binary
// with the variable set (same pid, same arguments).

#include <string>

#include "absl/status/status.h"

namespace octet {

/// The spin count the binaries set when the user set neither GOMP_SPINCOUNT nor OMP_WAIT_POLICY.
inline constexpr int kOpenMpSpinCount = 1000;

/// Call first thing in main(), before any thread starts. When GOMP_SPINCOUNT and
/// OMP_WAIT_POLICY are both unset, sets GOMP_SPINCOUNT=kOpenMpSpinCount and re-executes
/// /proc/self/exe with `argv`: it does not return then. Returns OK when the environment already
/// decides (the user's values are kept), or an error naming the failed call; the caller may go
/// on, with libgomp's default spinning.
absl::Status BoundOpenMpSpinning(char** argv);

/// One line for the start-up log: "GOMP_SPINCOUNT=1000" or "OMP_WAIT_POLICY=passive", or
/// "libgomp defaults" when neither is set.
std::string OpenMpSpinningDescription();

}  // namespace octet
