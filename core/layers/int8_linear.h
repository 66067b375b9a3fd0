#pragma once
// Int8 linear layer (dynamic quantization). At load: weights → s8 with one symmetric scale per
// output channel, packed once for oneDNN; the FP32 weights are not kept. Per call: each input
// row is quantized to u8 with its own scale and zero point, oneDNN multiplies u8 × s8 → s32
// with a fixed-shape primitive (rows bucketed), and one fused pass applies
//   y = act((acc − zp_row · Σ_k w[n, k]) · scale_row · scale_col[n] + bias[n]).
// Integer products are exact, so a row's output never depends on the other rows of the batch.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/kernels/int8_kernels.h"
#include "core/layers/linear.h"
#include "core/layers/matmul_cache.h"
#include "core/layers/quantized_rows.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

class Int8Linear final : public Linear {
 public:
  /// `weight` is [out_features, in_features] row-major (PyTorch nn.Linear), `bias` [out_features].
  static absl::StatusOr<std::unique_ptr<Int8Linear>> Create(const std::vector<float>& weight,
                                                            const std::vector<float>& bias,
                                                            int64_t out_features,
                                                            int64_t in_features, Epilogue epilogue);

  absl::Status Forward(const Matrix& in, Matrix* out, Workspace* ws) const override;
  /// Forward from an input already quantized in the workspace (QuantizedInput(rows,
  /// in_features(), ws), as LayerNormQuantize or ForwardToQuantized leave it): no quantization
  /// pass of its own. The result is bit-identical to Forward on the FP32 rows.
  absl::Status ForwardQuantized(int64_t rows, Matrix* out, Workspace* ws) const;
  /// Forward whose FP32 output is never written: each row of the epilogue is quantized for the
  /// next int8 matmul (DequantizeQuantizeRows) into QuantizedInput(rows, out_features(), ws).
  /// `in` null: the input is already quantized in the workspace (as for ForwardQuantized).
  absl::Status ForwardToQuantized(const Matrix* in, int64_t rows, Workspace* ws) const;
  /// Forward whose output rows go to `sink` (DequantizeRowsTo) instead of an FP32 matrix. `in`
  /// null: the input is already quantized in the workspace.
  absl::Status ForwardToRows(const Matrix* in, int64_t rows, Workspace* ws,
                             const RowSink& sink) const;
  int64_t in_features() const override { return in_; }
  int64_t out_features() const override { return out_; }
  size_t weight_bytes() const override;
  const char* precision() const override { return "int8"; }
  std::string ImplementationFor(int64_t rows) const override;

  /// Per-output-channel weight scales (max |w| / 127), for tests.
  const std::vector<float>& weight_scales() const { return col_scale_; }

 private:
  Int8Linear(int64_t out, int64_t in, Epilogue epilogue)
      : out_(out), in_(in), epilogue_(epilogue), kernels_("an int8 matmul", [this](int64_t rows) {
          return MakeDesc(rows, weights_.get_desc());
        }) {}
  dnnl::matmul::primitive_desc MakeDesc(int64_t rows, const dnnl::memory::desc& weights_md) const;
  // in null: already quantized in the workspace; out null and no sink: quantized into the
  // workspace; sink: the rows go there.
  absl::Status Run(const Matrix* in, int64_t rows, Matrix* out, Workspace* ws,
                   const RowSink* sink = nullptr) const;

  const int64_t out_;
  const int64_t in_;
  const Epilogue epilogue_;
  dnnl::memory weights_;          // packed s8 [in, out]
  std::vector<float> col_scale_;  // [out] weight scale per output channel
  std::vector<int32_t> col_sum_;  // [out] Σ_k q_w[n, k], for the activation zero point
  std::vector<float> bias_;       // [out]
  MatmulCache kernels_;
};

/// Symmetric per-row s8 quantization of a [rows, cols] weight matrix: scale[r] = max|w_r| / 127
/// (1 for an all-zero row), q = round_half_even(w / scale). Returns the scales.
std::vector<float> QuantizeWeightsS8(const std::vector<float>& weight, int64_t rows, int64_t cols,
                                     std::vector<int8_t>* q);

}  // namespace octet
