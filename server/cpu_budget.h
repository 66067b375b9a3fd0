#pragma once
// How many CPUs this process may really use: online CPUs, the affinity mask and the container's
// CPU quota (cgroup v2 cpu.max or cgroup v1 cfs_quota_us / cfs_period_us).

#include <optional>
#include <string>
#include <string_view>

namespace octet::server {

struct CpuBudget {
  int online = 1;    ///< std::thread::hardware_concurrency()
  int affinity = 1;  ///< CPUs in the affinity mask
  double quota = 0;  ///< CPUs the cgroup quota allows; 0 = no quota

  /// CPUs a worker layout should fit in: min(affinity, quota rounded down, at least 1).
  int Usable() const;
  /// "2 online, 2 in the affinity mask, no CPU quota".
  std::string Describe() const;
};

/// Reads the budget of this process.
CpuBudget DetectCpuBudget();

/// cgroup v2 `cpu.max` ("max 100000" or "150000 100000") → CPUs; nullopt = no quota or unparsable.
std::optional<double> ParseCpuMax(std::string_view content);

/// Default layout for `usable` CPUs: one worker using every CPU for its ops (bigger batches, and
/// no two OpenMP teams competing for the same cores).
void DefaultLayout(int usable, int* workers, int* threads_per_worker);

/// A warning when workers × threads exceeds the CPUs the process may use; nullopt when it fits.
std::optional<std::string> LayoutWarning(const CpuBudget& budget, int workers,
                                         int threads_per_worker);

}  // namespace octet::server
