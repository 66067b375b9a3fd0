#include "core/workspace.h"

#include <omp.h>

#include <array>
#include <cstdlib>
#include <new>

#include "core/dnnl_util.h"

namespace octet {

Workspace::Workspace(int num_threads)
    : num_threads_(num_threads < 1 ? 1 : num_threads), stream_(CpuEngine()) {}

void Workspace::FreeDeleter::operator()(void* p) const { std::free(p); }

void* Workspace::Scratchpad(size_t bytes) {
  if (bytes > scratch_peak_bytes_) scratch_peak_bytes_ = bytes;
  if (bytes > scratch_bytes_) {
    scratch_bytes_ = (bytes + 63) / 64 * 64;
    scratch_.reset(std::aligned_alloc(64, scratch_bytes_));
    if (!scratch_) throw std::bad_alloc();
  }
  return scratch_.get();
}

void Workspace::BindThreads() const { omp_set_num_threads(num_threads_); }

namespace {

// The workspace's matrices, const or not.
template <typename W>
auto MatricesOf(W& w) {
  return std::array{&w.hidden, &w.qkv,           &w.context, &w.projected, &w.attn_norm, &w.ffn,
                    &w.scores, &w.attention_out, &w.head_in, &w.head_tmp,  &w.logits};
}

}  // namespace

size_t Workspace::AllocatedBytes() const {
  size_t total = scratch_bytes_;
  for (const Matrix* m : MatricesOf(*this)) total += m->capacity_bytes();
  total += attention_packed.capacity_bytes() + attention_probs.capacity_bytes() +
           quantized.capacity_bytes() + row_scale.capacity_bytes() +
           row_zero_point.capacity_bytes() + accumulator.capacity_bytes();
  return total;
}

void Workspace::BeginBatch() {
  for (Matrix* m : MatricesOf(*this)) m->ResetPeak();
  attention_packed.ResetPeak();
  attention_probs.ResetPeak();
  quantized.ResetPeak();
  row_scale.ResetPeak();
  row_zero_point.ResetPeak();
  accumulator.ResetPeak();
  scratch_peak_bytes_ = 0;
}

size_t Workspace::BatchBytes() const {
  size_t total = scratch_peak_bytes_;
  for (const Matrix* m : MatricesOf(*this)) total += m->peak_bytes;
  total += attention_packed.PeakBytes() + attention_probs.PeakBytes() + quantized.PeakBytes() +
           row_scale.PeakBytes() + row_zero_point.PeakBytes() + accumulator.PeakBytes();
  return total;
}

}  // namespace octet
