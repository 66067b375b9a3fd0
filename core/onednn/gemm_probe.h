#pragma once
// Times the bare int8 GEMM (u8 × packed s8 → s32, fixed shape, no epilogue) for a shape: the
// peak a linear layer of that shape could reach here. Used by benchmarks.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace octet {

struct GemmTiming {
  double median_seconds = 0;
  /// The median of the process's CPU time per run (all threads): on a CPU shared with other
  /// processes it counts only the time this process ran.
  double median_cpu_seconds = 0;
  std::string implementation;
};

/// Median wall time of `iters` runs of an [m, k] × [k, n] u8s8s32 matmul on the calling
/// thread's OpenMP team (after one warm-up run).
absl::StatusOr<GemmTiming> TimeInt8Gemm(int64_t m, int64_t k, int64_t n, int iters);

/// CPU time of this process (all threads) in seconds.
double ProcessCpuSeconds();

/// The median of `v` (which it sorts); 0 when empty.
double Median(std::vector<double>& v);

/// Median wall time of `iters` runs of one sequence's attention matmuls alone (no softmax, no
/// gathering): for each of `heads` heads, [n, d] · [d, n] → f32 scores and [n, n] · [n, d] → f32,
/// in BF16 (`bf16`) or FP32, each head on one thread and the heads shared out over `threads`
/// threads, as the engine's attention runs them.
absl::StatusOr<GemmTiming> TimeAttentionGemms(int64_t n, int64_t d, int64_t heads, bool bf16,
                                              int threads, int iters);

}  // namespace octet
