#pragma once
// An int8 matmul's input rows, quantized, where the producer of the activations writes them
// directly (a LayerNorm, attention, or the previous matmul's epilogue) instead of FP32 rows.

#include <cstdint>

#include "core/runtime/workspace.h"

namespace octet {

/// An int8 matmul's input, quantized, in the workspace's int8 buffers (quantized, row_scale,
/// row_zero_point): u8 [rows, cols] with row stride cols, one scale and zero point per row.
struct QuantizedRows {
  uint8_t* data = nullptr;
  float* scale = nullptr;
  int32_t* zero_point = nullptr;
  int64_t rows = 0;
  int64_t cols = 0;
};

/// The workspace's int8 input buffers, grown for `rows` (bucketed, as the matmul reads them) ×
/// `cols`; what they held is kept when they grow.
QuantizedRows QuantizedInput(int64_t rows, int64_t cols, Workspace* ws);

}  // namespace octet
