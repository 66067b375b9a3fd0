#include "core/workspace.h"

#include <omp.h>

#include <cstdlib>
#include <new>

#include "core/dnnl_util.h"

namespace octet {

Workspace::Workspace(int num_threads)
    : num_threads_(num_threads < 1 ? 1 : num_threads), stream_(CpuEngine()) {}

void Workspace::FreeDeleter::operator()(void* p) const { std::free(p); }

void* Workspace::Scratchpad(size_t bytes) {
  if (bytes > scratch_bytes_) {
    scratch_bytes_ = (bytes + 63) / 64 * 64;
    scratch_.reset(std::aligned_alloc(64, scratch_bytes_));
    if (!scratch_) throw std::bad_alloc();
  }
  return scratch_.get();
}

void Workspace::BindThreads() const { omp_set_num_threads(num_threads_); }

size_t Workspace::AllocatedBytes() const {
  size_t total = scratch_bytes_;
  for (const Matrix* m : {&hidden, &qkv, &context, &projected, &attn_norm, &ffn, &scores,
                          &head_in, &head_tmp, &logits}) {
    total += m->capacity_bytes();
  }
  total += attention_out.capacity_bytes() + attention_packed.capacity() +
           attention_probs.capacity();
  total += quantized.capacity() + row_scale.capacity() * sizeof(float) +
           row_zero_point.capacity() * sizeof(int32_t) + accumulator.capacity() * sizeof(int32_t);
  return total;
}

}  // namespace octet
