#pragma once
// A dense, row-major float matrix owned by value: the activations and FP32 weights of the engine.

#include <cstdint>
#include <vector>

namespace octet {

struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;

  Matrix() = default;
  Matrix(int64_t r, int64_t c) : rows(r), cols(c), data(static_cast<size_t>(r * c)) {}

  /// Reshapes, reusing the allocation when it is large enough.
  void Resize(int64_t r, int64_t c) {
    rows = r;
    cols = c;
    data.resize(static_cast<size_t>(r * c));
  }
  float* row(int64_t r) { return data.data() + r * cols; }
  const float* row(int64_t r) const { return data.data() + r * cols; }
};

}  // namespace octet
