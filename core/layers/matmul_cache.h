#pragma once
// The oneDNN matmul primitives of one linear layer: one fixed-shape primitive per bucketed row
// count (runtime dims fall back to a 13x slower kernel), created on first use and kept
// for the life of the layer. Thread-safe.

#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

class MatmulCache {
 public:
  struct Kernel {
    dnnl::matmul primitive;
    size_t scratchpad_bytes = 0;
    std::string implementation;  ///< what oneDNN picked, e.g. "brg:avx512_core_vnni"
  };
  /// Builds the primitive descriptor for a row count.
  using DescFactory = std::function<dnnl::matmul::primitive_desc(int64_t rows)>;

  /// `what` names the layer kind in errors ("an int8 matmul").
  MatmulCache(std::string what, DescFactory factory)
      : what_(std::move(what)), factory_(std::move(factory)) {}

  /// The primitive for exactly `bucket_rows` rows (callers bucket with BucketRows).
  absl::StatusOr<const Kernel*> Get(int64_t bucket_rows) const;

  /// The implementation used for `rows` rows (bucketed), or the error creating it.
  std::string ImplementationFor(int64_t rows) const;

 private:
  const std::string what_;
  const DescFactory factory_;
  mutable absl::Mutex mu_;
  /// Entries are never removed, so returned pointers stay valid.
  mutable absl::flat_hash_map<int64_t, std::unique_ptr<Kernel>> kernels_ ABSL_GUARDED_BY(mu_);
};

/// Copies a weight matrix from `user_md` layout at `data` into a new memory in `packed_md` (the
/// layout a primitive chose). Throws dnnl::error; call inside CatchDnnl.
dnnl::memory PackWeights(const dnnl::memory::desc& user_md, void* data,
                         const dnnl::memory::desc& packed_md);

}  // namespace octet
