#include "core/layers/matmul_cache.h"

#include "absl/strings/str_cat.h"
#include "core/onednn/dnnl_util.h"
#include "core/runtime/tensor.h"

namespace octet {

absl::StatusOr<const MatmulCache::Kernel*> MatmulCache::Get(int64_t bucket_rows) const {
  absl::MutexLock lock(&mu_);
  auto it = kernels_.find(bucket_rows);
  if (it != kernels_.end()) return it->second.get();
  auto kernel = std::make_unique<Kernel>();
  absl::Status status = CatchDnnl(absl::StrCat("creating ", what_), [&] {
    auto pd = factory_(bucket_rows);
    kernel->primitive = dnnl::matmul(pd);
    kernel->scratchpad_bytes = pd.scratchpad_desc().get_size();
    kernel->implementation = ImplementationName(pd);
  });
  if (!status.ok()) return status;
  const Kernel* result = kernel.get();
  kernels_.emplace(bucket_rows, std::move(kernel));
  return result;
}

std::string MatmulCache::ImplementationFor(int64_t rows) const {
  auto kernel = Get(BucketRows(rows));
  return kernel.ok() ? (*kernel)->implementation : std::string(kernel.status().message());
}

dnnl::memory PackWeights(const dnnl::memory::desc& user_md, void* data,
                         const dnnl::memory::desc& packed_md) {
  const auto& engine = CpuEngine();
  dnnl::memory user(user_md, engine, data);
  dnnl::memory packed(packed_md, engine);
  dnnl::stream stream(engine);
  dnnl::reorder(user, packed).execute(stream, user, packed);
  stream.wait();
  return packed;
}

}  // namespace octet
