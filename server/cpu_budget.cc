#include "server/cpu_budget.h"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace octet::server {
namespace {

std::optional<std::string> ReadSmallFile(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<double> ReadCgroupV1Quota() {
  auto quota = ReadSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
  auto period = ReadSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
  if (!quota || !period) return std::nullopt;
  double q = 0, p = 0;
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(*quota), &q) ||
      !absl::SimpleAtod(absl::StripAsciiWhitespace(*period), &p) || q <= 0 || p <= 0) {
    return std::nullopt;  // -1 = no quota
  }
  return q / p;
}

}  // namespace

std::optional<double> ParseCpuMax(std::string_view content) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(absl::StripAsciiWhitespace(absl::string_view(content.data(), content.size())),
                     ' ', absl::SkipEmpty());
  if (parts.size() != 2 || parts[0] == "max") return std::nullopt;
  double quota = 0, period = 0;
  if (!absl::SimpleAtod(parts[0], &quota) || !absl::SimpleAtod(parts[1], &period) || quota <= 0 ||
      period <= 0) {
    return std::nullopt;
  }
  return quota / period;
}

int CpuBudget::Usable() const {
  int usable = std::max(1, std::min(online, affinity));
  if (quota > 0) usable = std::min(usable, std::max(1, static_cast<int>(std::floor(quota))));
  return usable;
}

std::string CpuBudget::Describe() const {
  return absl::StrFormat("%d online, %d in the affinity mask, %s", online, affinity,
                         quota > 0 ? absl::StrFormat("CPU quota %.2f", quota) : "no CPU quota");
}

CpuBudget DetectCpuBudget() {
  CpuBudget b;
  b.online = std::max(1u, std::thread::hardware_concurrency());
  cpu_set_t set;
  CPU_ZERO(&set);
  b.affinity = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : b.online;
  std::optional<double> quota;
  if (auto v2 = ReadSmallFile("/sys/fs/cgroup/cpu.max")) {
    quota = ParseCpuMax(*v2);
  } else {
    quota = ReadCgroupV1Quota();
  }
  b.quota = quota.value_or(0);
  return b;
}

void DefaultLayout(int usable, int* workers, int* threads_per_worker) {
  *workers = 1;
  *threads_per_worker = std::max(1, usable);
}

std::optional<std::string> LayoutWarning(const CpuBudget& budget, int workers,
                                         int threads_per_worker) {
  const int want = workers * threads_per_worker;
  if (budget.quota > 0 && want > budget.quota) {
    return absl::StrFormat(
        "--workers %d × --threads_per_worker %d = %d threads, but the container's CPU quota is "
        "%.2f CPUs: threads will be throttled; use at most %d",
        workers, threads_per_worker, want, budget.quota, budget.Usable());
  }
  if (want > budget.affinity) {
    return absl::StrFormat(
        "--workers %d × --threads_per_worker %d = %d threads, but only %d CPUs are available: "
        "OpenMP teams will compete for cores; use at most %d",
        workers, threads_per_worker, want, budget.affinity, budget.Usable());
  }
  return std::nullopt;
}

}  // namespace octet::server
