#include "core/runtime/workspace.h"

#include <omp.h>

#include <array>
#include <cstdlib>
#include <new>

#include "core/onednn/dnnl_util.h"

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

// The workspace's matrices, const or not. A buffer added to Workspace goes here or below.
template <typename W>
auto MatricesOf(W& w) {
  return std::array{&w.hidden, &w.qkv,           &w.context, &w.projected, &w.attn_norm, &w.ffn,
                    &w.scores, &w.attention_out, &w.head_in, &w.head_tmp,  &w.logits};
}

// Calls f on each of the workspace's scratch vectors (they differ in element type).
template <typename W, typename F>
void ForEachScratchVector(W& w, F f) {
  f(w.attention_packed);
  f(w.attention_probs);
  f(w.quantized);
  f(w.row_scale);
  f(w.row_zero_point);
  f(w.accumulator);
}

}  // namespace

size_t Workspace::AllocatedBytes() const {
  size_t total = scratch_bytes_;
  for (const Matrix* m : MatricesOf(*this)) total += m->capacity_bytes();
  ForEachScratchVector(*this, [&](const auto& v) { total += v.capacity_bytes(); });
  return total;
}

void Workspace::BeginBatch() {
  for (Matrix* m : MatricesOf(*this)) m->ResetPeak();
  ForEachScratchVector(*this, [](auto& v) { v.ResetPeak(); });
  scratch_peak_bytes_ = 0;
}

size_t Workspace::BatchBytes() const {
  size_t total = scratch_peak_bytes_;
  for (const Matrix* m : MatricesOf(*this)) total += m->peak_bytes;
  ForEachScratchVector(*this, [&](const auto& v) { total += v.PeakBytes(); });
  return total;
}

}  // namespace octet
