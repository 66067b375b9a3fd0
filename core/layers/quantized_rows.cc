#include "core/layers/quantized_rows.h"

#include "core/runtime/tensor.h"

namespace octet {

QuantizedRows QuantizedInput(int64_t rows, int64_t cols, Workspace* ws) {
  const auto bucket = static_cast<size_t>(BucketRows(rows));
  QuantizedRows q;
  q.data = ws->quantized.Grow(bucket * static_cast<size_t>(cols));
  q.scale = ws->row_scale.Grow(bucket);
  q.zero_point = ws->row_zero_point.Grow(bucket);
  q.rows = rows;
  q.cols = cols;
  return q;
}

}  // namespace octet
