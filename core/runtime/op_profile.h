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
  void Reset() { ns.fill(0); }
};

/// Adds the lifetime of this object to profile->ns[op]; does nothing when profile is null.
class ScopedOpTimer {
 public:
  ScopedOpTimer(OpProfile* profile, Op op) : profile_(profile), op_(op) {
    if (profile_) start_ = std::chrono::steady_clock::now();
  }
  ~ScopedOpTimer() {
    if (profile_) {
      profile_->ns[static_cast<size_t>(op_)] +=
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                               start_)
              .count();
    }
  }
  ScopedOpTimer(const ScopedOpTimer&) = delete;
  ScopedOpTimer& operator=(const ScopedOpTimer&) = delete;

 private:
  OpProfile* profile_;
  Op op_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace octet
