#include "server/process_collector.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "core/base/process_stats.h"

namespace octet::server {
namespace {

prometheus::MetricFamily Single(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(m);
  return f;
}

int64_t CountOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return 0;
  int64_t n = 0;
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n - 1;  // the descriptor opendir itself holds
}

// utime + stime (clock ticks) and starttime (ticks after boot) from /proc/self/stat.
bool ReadStat(double* cpu_seconds, double* start_seconds) {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  // Fields after the command name, which is in parentheses and may contain spaces.
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0, starttime = 0;
  for (int i = 3; rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
    if (i == 22) {
      starttime = std::stoull(field);
      break;
    }
  }
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  *cpu_seconds = static_cast<double>(utime + stime) / ticks;
  double boot_time = 0;
  std::ifstream stat("/proc/stat");
  while (std::getline(stat, line)) {
    if (line.compare(0, 6, "btime ") == 0) boot_time = std::stod(line.substr(6));
  }
  *start_seconds = boot_time + static_cast<double>(starttime) / ticks;
  return true;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  const MemoryStats mem = ReadMemoryStats();
  std::vector<prometheus::MetricFamily> out;
  out.push_back(Single("process_resident_memory_bytes", "Resident memory size in bytes.",
                       MetricType::Gauge, static_cast<double>(mem.rss_bytes)));
  out.push_back(Single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                       MetricType::Gauge, static_cast<double>(mem.virtual_bytes)));
  double cpu = 0, start = 0;
  if (ReadStat(&cpu, &start)) {
    out.push_back(Single("process_cpu_seconds_total", "Total user and system CPU time in seconds.",
                         MetricType::Counter, cpu));
    out.push_back(Single("process_start_time_seconds",
                         "Start time of the process since the Unix epoch in seconds.",
                         MetricType::Gauge, start));
  }
  out.push_back(Single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge,
                       static_cast<double>(CountOpenFds())));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.push_back(Single("process_max_fds", "Maximum number of open file descriptors.",
                         MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return out;
}

}  // namespace octet::server
