#pragma once
// A dense, row-major float matrix owned by value: the activations and FP32 weights of the engine.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace octet {

/// The row count a matmul over `rows` rows is run with: rounded up so that only a few fixed
/// shapes ever exist (oneDNN picks its fast kernels only for fixed shapes).
inline int64_t BucketRows(int64_t rows) {
  auto round_up = [](int64_t x, int64_t m) { return (x + m - 1) / m * m; };
  if (rows <= 256) return round_up(rows < 1 ? 1 : rows, 16);
  if (rows <= 2048) return round_up(rows, 128);
  return round_up(rows, 512);
}

/// Row-major [rows, cols] floats. `data` always has room for BucketRows(rows) rows, so a matmul
/// may run over the padded row count; rows past `rows` hold unspecified finite values.
struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;
  /// The most bytes a Resize asked for since the last ResetPeak (the workspace's per-batch use).
  size_t peak_bytes = 0;

  Matrix() = default;
  Matrix(int64_t r, int64_t c) { Resize(r, c); }

  /// Reshapes, reusing the allocation when it is large enough.
  void Resize(int64_t r, int64_t c) {
    rows = r;
    cols = c;
    const size_t need = static_cast<size_t>(BucketRows(r) * c);
    if (data.size() < need) data.resize(need);
    if (need * sizeof(float) > peak_bytes) peak_bytes = need * sizeof(float);
  }
  void ResetPeak() { peak_bytes = 0; }
  size_t capacity_bytes() const { return data.capacity() * sizeof(float); }
  float* row(int64_t r) { return data.data() + r * cols; }
  const float* row(int64_t r) const { return data.data() + r * cols; }
};

}  // namespace octet
