#pragma once
// FP32 linear layer through oneDNN matmul: weights packed once into oneDNN's preferred layout,
// one fixed-shape primitive per bucketed row count, bias and activation fused as post-ops.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/layers/linear.h"
#include "core/layers/matmul_cache.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

class Fp32Linear final : public Linear {
 public:
  /// `weight` is [out_features, in_features] row-major (PyTorch nn.Linear), `bias` [out_features].
  static absl::StatusOr<std::unique_ptr<Fp32Linear>> Create(const std::vector<float>& weight,
                                                            const std::vector<float>& bias,
                                                            int64_t out_features,
                                                            int64_t in_features, Epilogue epilogue);

  absl::Status Forward(const Matrix& in, Matrix* out, Workspace* ws) const override;
  int64_t in_features() const override { return in_; }
  int64_t out_features() const override { return out_; }
  size_t weight_bytes() const override;
  const char* precision() const override { return "fp32"; }
  std::string ImplementationFor(int64_t rows) const override;

 private:
  Fp32Linear(int64_t out, int64_t in, Epilogue epilogue)
      : out_(out), in_(in), epilogue_(epilogue), kernels_("an FP32 matmul", [this](int64_t rows) {
          return MakeDesc(rows, weights_.get_desc());
        }) {}
  dnnl::matmul::primitive_desc MakeDesc(int64_t rows, const dnnl::memory::desc& weights_md) const;

  const int64_t out_;
  const int64_t in_;
  const Epilogue epilogue_;
  dnnl::memory weights_;  // packed [in, out] in the layout the reference primitive chose
  dnnl::memory bias_;     // [1, out]
  std::vector<float> bias_data_;
  MatmulCache kernels_;
};

/// The oneDNN post-op for an epilogue (kNone → empty post-ops).
dnnl::post_ops PostOpsFor(Epilogue epilogue);

}  // namespace octet
