#pragma once
// A grow-only buffer of a workspace that remembers how much of it the current batch used.

#include <cstddef>
#include <vector>

namespace octet {

template <typename T>
class ScratchVector {
 public:
  /// Room for at least `n` elements (scratch: callers write before they read). Records the use
  /// for PeakBytes().
  T* Grow(size_t n) {
    if (data_.size() < n) data_.resize(n);
    if (n * sizeof(T) > peak_bytes_) peak_bytes_ = n * sizeof(T);
    return data_.data();
  }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }

  size_t capacity_bytes() const { return data_.capacity() * sizeof(T); }
  /// Frees the storage; the next Grow() allocates what it asks for.
  void Release() { std::vector<T>().swap(data_); }
  /// The largest Grow() since the last ResetPeak(), in bytes.
  size_t PeakBytes() const { return peak_bytes_; }
  void ResetPeak() { peak_bytes_ = 0; }

 private:
  std::vector<T> data_;
  size_t peak_bytes_ = 0;
};

}  // namespace octet
