#pragma once
// What attention makes for one sequence length (its oneDNN primitives, fixed-shape for speed),
// kept for the most recently used lengths only: traffic with every length up to 512 would
// otherwise keep ~500 sets of JIT kernels for good (docs/service.md: 43 MB more after such
// traffic, 12 MB with this cache). A set evicted while a forward still runs on it lives on until
// that forward lets go of it. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace octet {

/// How many sequence lengths an attention layer keeps primitives for: a batch of up to 64
/// distinct lengths finds all of them made by the first layer still there for the other layers.
inline constexpr size_t kAttentionLengthsKept = 64;

template <typename T>
class LengthCache {
 public:
  explicit LengthCache(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  /// The value for length n, made with `make` (under the cache's lock) when it is not kept.
  absl::StatusOr<std::shared_ptr<const T>> Get(
      int64_t n, absl::FunctionRef<absl::StatusOr<std::unique_ptr<T>>()> make) const {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(n);
    if (it != entries_.end()) {
      recency_.splice(recency_.begin(), recency_, it->second.recency);
      ++hits_;
      return it->second.value;
    }
    absl::StatusOr<std::unique_ptr<T>> made = make();
    if (!made.ok()) return made.status();
    ++misses_;
    std::shared_ptr<const T> value(std::move(*made));
    recency_.push_front(n);
    entries_.emplace(n, Entry{value, recency_.begin()});
    while (entries_.size() > capacity_) {
      entries_.erase(recency_.back());
      recency_.pop_back();
    }
    return value;
  }

  /// Lengths kept now (at most the capacity).
  size_t size() const {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }
  /// Lookups that found their length kept / had to make it.
  int64_t hits() const {
    absl::MutexLock lock(&mu_);
    return hits_;
  }
  int64_t misses() const {
    absl::MutexLock lock(&mu_);
    return misses_;
  }

 private:
  struct Entry {
    std::shared_ptr<const T> value;
    std::list<int64_t>::iterator recency;
  };
  const size_t capacity_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<int64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
  /// Most recently used first.
  mutable std::list<int64_t> recency_ ABSL_GUARDED_BY(mu_);
  mutable int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  mutable int64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace octet
