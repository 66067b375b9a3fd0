#pragma once
// The standard process metrics (the names Prometheus client libraries export), read from /proc
// at each scrape: prometheus-cpp has no process collector of its own.

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace octet::server {

class ProcessCollector final : public prometheus::Collectable {
 public:
  /// process_resident_memory_bytes, process_virtual_memory_bytes, process_cpu_seconds_total,
  /// process_open_fds, process_max_fds, process_start_time_seconds.
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace octet::server
