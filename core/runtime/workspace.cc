#include "core/runtime/workspace.h"

#include <omp.h>

#include <array>
#include <cassert>
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

// Uniform access to a buffer's size, use and storage, for matrices and scratch vectors alike.
size_t CapacityOf(const Matrix& m) { return m.capacity_bytes(); }
size_t PeakOf(const Matrix& m) { return m.peak_bytes; }
void FreeStorage(Matrix& m) { std::vector<float>().swap(m.data); }
template <typename T>
size_t CapacityOf(const ScratchVector<T>& v) {
  return v.capacity_bytes();
}
template <typename T>
size_t PeakOf(const ScratchVector<T>& v) {
  return v.PeakBytes();
}
template <typename T>
void FreeStorage(ScratchVector<T>& v) {
  v.Release();
}

// Calls f(index, buffer) on every matrix and scratch vector, in a fixed order.
template <typename W, typename F>
void ForEachBuffer(W& w, F f) {
  size_t i = 0;
  for (auto* m : MatricesOf(w)) f(i++, *m);
  ForEachScratchVector(w, [&](auto& v) { f(i++, v); });
}

}  // namespace

size_t Workspace::AllocatedBytes() const {
  size_t total = scratch_bytes_;
  ForEachBuffer(*this, [&](size_t, const auto& b) { total += CapacityOf(b); });
  return total;
}

void Workspace::BeginBatch() {
  FoldBatchPeaks();
  batch_folded_ = false;
  for (Matrix* m : MatricesOf(*this)) m->ResetPeak();
  ForEachScratchVector(*this, [](auto& v) { v.ResetPeak(); });
  scratch_peak_bytes_ = 0;
}

size_t Workspace::BatchBytes() const {
  size_t total = scratch_peak_bytes_;
  ForEachBuffer(*this, [&](size_t, const auto& b) { total += PeakOf(b); });
  return total;
}

void Workspace::FoldBatchPeaks() {
  if (batch_folded_) return;
  batch_folded_ = true;
  ForEachBuffer(*this, [&](size_t i, const auto& b) {
    assert(i + 1 < kBuffers);  // the last slot is the scratchpad's
    if (PeakOf(b) > window_peak_[i]) window_peak_[i] = PeakOf(b);
  });
  if (scratch_peak_bytes_ > window_peak_[kBuffers - 1]) {
    window_peak_[kBuffers - 1] = scratch_peak_bytes_;
  }
}

template <typename Drop>
size_t Workspace::FreeBuffers(Drop drop) {
  size_t freed = 0;
  ForEachBuffer(*this, [&](size_t i, auto& b) {
    const size_t held = CapacityOf(b);
    if (held > 0 && drop(i, held)) {
      FreeStorage(b);
      freed += held;
    }
  });
  if (scratch_bytes_ > 0 && drop(kBuffers - 1, scratch_bytes_)) {
    freed += scratch_bytes_;
    scratch_.reset();
    scratch_bytes_ = 0;
  }
  window_peak_.fill(0);
  return freed;
}

size_t Workspace::Trim(size_t slack_bytes) {
  FoldBatchPeaks();
  return FreeBuffers(
      [&](size_t i, size_t held) { return held > 2 * window_peak_[i] + slack_bytes; });
}

size_t Workspace::Release() {
  return FreeBuffers([](size_t, size_t) { return true; });
}

}  // namespace octet
