#include "core/layers/relative_position.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace octet {

int64_t RelativeBucket(int64_t r, const RelativePositionSpec& spec) {
  if (spec.buckets <= 0) return r;
  const int64_t mid = spec.buckets / 2;
  const int64_t magnitude = std::llabs(r);
  if (magnitude <= mid) return r;
  const double steps =
      std::ceil(std::log(static_cast<double>(magnitude) / static_cast<double>(mid)) /
                std::log(static_cast<double>(spec.max_position - 1) / static_cast<double>(mid)) *
                static_cast<double>(mid - 1));
  const int64_t bucket = mid + static_cast<int64_t>(steps);
  return r < 0 ? -bucket : bucket;
}

int64_t RelativeTableRow(int64_t r, const RelativePositionSpec& spec) {
  const int64_t span = spec.span();
  return std::clamp<int64_t>(RelativeBucket(r, spec) + span, 0, 2 * span - 1);
}

std::vector<int32_t> RelativeTableRows(int64_t n, const RelativePositionSpec& spec) {
  std::vector<int32_t> rows(2 * n - 1);
  for (int64_t r = -(n - 1); r <= n - 1; ++r) {
    rows[r + n - 1] = static_cast<int32_t>(RelativeTableRow(r, spec));
  }
  return rows;
}

}  // namespace octet
