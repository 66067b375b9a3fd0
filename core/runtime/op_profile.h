#pragma once
// Optional per-op timing of a forward pass (benchmarks turn it on through the workspace).

#include <array>
#include <chrono>
#include <cstdint>

namespace octet {

enum class Op {
  kEmbeddings,
  kQkv,
  kAttention,
  kAttentionOut,
  kLayerNorm,
  kFfnIn,
  kFfnOut,
  kHead,
  kCount
};

/// Display names, indexed by Op.
const char* OpName(Op op);

struct OpProfile {
  std::array<int64_t, static_cast<size_t>(Op::kCount)> ns{};
  /// The process's CPU time (all threads) during each op: on a CPU shared with other processes
  /// it counts only the time this process ran.
  std::array<int64_t, static_cast<size_t>(Op::kCount)> cpu_ns{};
  void Reset() {
    ns.fill(0);
    cpu_ns.fill(0);
  }
};

/// CPU time of this process (all threads), in nanoseconds.
int64_t ProcessCpuNanoseconds();

/// Adds the lifetime of this object to profile->ns[op]; does nothing when profile is null.
class ScopedOpTimer {
 public:
  ScopedOpTimer(OpProfile* profile, Op op) : profile_(profile), op_(op) {
    if (profile_) {
      start_ = std::chrono::steady_clock::now();
      cpu_start_ = ProcessCpuNanoseconds();
    }
  }
  ~ScopedOpTimer() {
    if (profile_) {
      profile_->ns[static_cast<size_t>(op_)] +=
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                               start_)
              .count();
      profile_->cpu_ns[static_cast<size_t>(op_)] += ProcessCpuNanoseconds() - cpu_start_;
    }
  }
  ScopedOpTimer(const ScopedOpTimer&) = delete;
  ScopedOpTimer& operator=(const ScopedOpTimer&) = delete;

 private:
  OpProfile* profile_;
  Op op_;
  std::chrono::steady_clock::time_point start_;
  int64_t cpu_start_ = 0;
};

}  // namespace octet
