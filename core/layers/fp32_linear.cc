#include "core/layers/fp32_linear.h"

#include "absl/strings/str_format.h"
#include "core/onednn/dnnl_util.h"

namespace octet {
namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;
// Weights are packed for this row count; other row counts reuse that layout.
constexpr int64_t kReferenceRows = 128;
}  // namespace

dnnl::post_ops PostOpsFor(Epilogue epilogue) {
  dnnl::post_ops ops;
  switch (epilogue) {
    case Epilogue::kNone:
      break;
    case Epilogue::kGeluErf:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_erf, 0.f, 0.f);
      break;
    case Epilogue::kGeluTanh:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_tanh, 0.f, 0.f);
      break;
    case Epilogue::kRelu:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
      break;
    case Epilogue::kTanh:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_tanh, 0.f, 0.f);
      break;
  }
  return ops;
}

dnnl::matmul::primitive_desc Fp32Linear::MakeDesc(int64_t rows,
                                                  const dnnl::memory::desc& weights_md) const {
  dnnl::memory::desc src_md({rows, in_}, dt::f32, tag::ab);
  dnnl::memory::desc bias_md({1, out_}, dt::f32, tag::ab);
  dnnl::memory::desc dst_md({rows, out_}, dt::f32, tag::ab);
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  attr.set_post_ops(PostOpsFor(epilogue_));
  return dnnl::matmul::primitive_desc(dnnl::matmul::desc(src_md, weights_md, bias_md, dst_md), attr,
                                      CpuEngine());
}

absl::StatusOr<std::unique_ptr<Fp32Linear>> Fp32Linear::Create(const std::vector<float>& weight,
                                                               const std::vector<float>& bias,
                                                               int64_t out_features,
                                                               int64_t in_features,
                                                               Epilogue epilogue) {
  if (static_cast<int64_t>(weight.size()) != out_features * in_features ||
      static_cast<int64_t>(bias.size()) != out_features) {
    return absl::InvalidArgumentError(
        absl::StrFormat("linear layer: weight has %d values and bias %d, expected %d x %d and %d",
                        weight.size(), bias.size(), out_features, in_features, out_features));
  }
  std::unique_ptr<Fp32Linear> layer(new Fp32Linear(out_features, in_features, epilogue));
  absl::Status status = CatchDnnl("packing an FP32 linear layer", [&] {
    const auto& engine = CpuEngine();
    // PyTorch's [out, in] row-major is the [in, out] matrix in "ba" order.
    dnnl::memory::desc user_md({in_features, out_features}, dt::f32, tag::ba);
    dnnl::memory::desc any_md({in_features, out_features}, dt::f32, tag::any);
    auto pd = layer->MakeDesc(kReferenceRows, any_md);
    layer->weights_ = PackWeights(user_md, const_cast<float*>(weight.data()), pd.weights_desc());
    layer->bias_data_ = bias;
    layer->bias_ =
        dnnl::memory({{1, out_features}, dt::f32, tag::ab}, engine, layer->bias_data_.data());
  });
  if (!status.ok()) return status;
  return layer;
}

size_t Fp32Linear::weight_bytes() const {
  return weights_.get_desc().get_size() + bias_data_.size() * sizeof(float);
}

std::string Fp32Linear::ImplementationFor(int64_t rows) const {
  return kernels_.ImplementationFor(rows);
}

absl::Status Fp32Linear::Forward(const Matrix& in, Matrix* out, Workspace* ws) const {
  if (in.cols != in_) {
    return absl::InternalError(
        absl::StrFormat("linear layer: input has %d columns, expected %d", in.cols, in_));
  }
  const int64_t rows = BucketRows(in.rows);
  out->Resize(in.rows, out_);
  auto kernel = kernels_.Get(rows);
  if (!kernel.ok()) return kernel.status();
  return CatchDnnl("running an FP32 matmul", [&] {
    const auto& engine = CpuEngine();
    dnnl::memory src({{rows, in_}, dt::f32, tag::ab}, engine, const_cast<float*>(in.data.data()));
    dnnl::memory dst({{rows, out_}, dt::f32, tag::ab}, engine, out->data.data());
    dnnl::memory scratch({{static_cast<int64_t>((*kernel)->scratchpad_bytes)}, dt::u8, tag::a},
                         engine, ws->Scratchpad((*kernel)->scratchpad_bytes));
    (*kernel)->primitive.execute(ws->stream(), {{DNNL_ARG_SRC, src},
                                                {DNNL_ARG_WEIGHTS, weights_},
                                                {DNNL_ARG_BIAS, bias_},
                                                {DNNL_ARG_DST, dst},
                                                {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
}

}  // namespace octet
