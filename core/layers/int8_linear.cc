#include "core/layers/int8_linear.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "core/kernels/int8_kernels.h"
#include "core/onednn/dnnl_util.h"

namespace octet {
namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;
constexpr int64_t kReferenceRows = 128;
}  // namespace

std::vector<float> QuantizeWeightsS8(const std::vector<float>& weight, int64_t rows, int64_t cols,
                                     std::vector<int8_t>* q) {
  std::vector<float> scales(rows);
  q->resize(static_cast<size_t>(rows * cols));
  for (int64_t r = 0; r < rows; ++r) {
    const float* w = weight.data() + r * cols;
    float max_abs = 0.f;
    for (int64_t c = 0; c < cols; ++c) max_abs = std::max(max_abs, std::fabs(w[c]));
    const float scale = max_abs > 0.f ? max_abs / 127.f : 1.f;
    scales[r] = scale;
    for (int64_t c = 0; c < cols; ++c) {
      const float v = std::clamp(std::nearbyint(w[c] / scale), -127.f, 127.f);
      (*q)[r * cols + c] = static_cast<int8_t>(v);
    }
  }
  return scales;
}

dnnl::matmul::primitive_desc Int8Linear::MakeDesc(int64_t rows,
                                                  const dnnl::memory::desc& weights_md) const {
  dnnl::memory::desc src_md({rows, in_}, dt::u8, tag::ab);
  dnnl::memory::desc dst_md({rows, out_}, dt::s32, tag::ab);
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return dnnl::matmul::primitive_desc(dnnl::matmul::desc(src_md, weights_md, dst_md), attr,
                                      CpuEngine());
}

absl::StatusOr<std::unique_ptr<Int8Linear>> Int8Linear::Create(const std::vector<float>& weight,
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
  std::unique_ptr<Int8Linear> layer(new Int8Linear(out_features, in_features, epilogue));
  std::vector<int8_t> q;
  layer->col_scale_ = QuantizeWeightsS8(weight, out_features, in_features, &q);
  layer->col_sum_.assign(out_features, 0);
  for (int64_t n = 0; n < out_features; ++n) {
    int32_t sum = 0;
    for (int64_t k = 0; k < in_features; ++k) sum += q[n * in_features + k];
    layer->col_sum_[n] = sum;
  }
  layer->bias_ = bias;
  absl::Status status = CatchDnnl("packing an int8 linear layer", [&] {
    dnnl::memory::desc user_md({in_features, out_features}, dt::s8, tag::ba);
    dnnl::memory::desc any_md({in_features, out_features}, dt::s8, tag::any);
    auto pd = layer->MakeDesc(kReferenceRows, any_md);
    layer->weights_ = PackWeights(user_md, q.data(), pd.weights_desc());
  });
  if (!status.ok()) return status;
  return layer;
}

size_t Int8Linear::weight_bytes() const {
  return weights_.get_desc().get_size() + out_ * (sizeof(float) + sizeof(int32_t) + sizeof(float));
}

std::string Int8Linear::ImplementationFor(int64_t rows) const {
  return kernels_.ImplementationFor(rows);
}

absl::Status Int8Linear::Forward(const Matrix& in, Matrix* out, Workspace* ws) const {
  if (in.cols != in_) {
    return absl::InternalError(
        absl::StrFormat("linear layer: input has %d columns, expected %d", in.cols, in_));
  }
  return Run(&in, in.rows, out, ws);
}

absl::Status Int8Linear::ForwardQuantized(int64_t rows, Matrix* out, Workspace* ws) const {
  return Run(nullptr, rows, out, ws);
}

absl::Status Int8Linear::ForwardToQuantized(const Matrix* in, int64_t rows, Workspace* ws) const {
  if (in && in->cols != in_) {
    return absl::InternalError(
        absl::StrFormat("linear layer: input has %d columns, expected %d", in->cols, in_));
  }
  return Run(in, rows, nullptr, ws);
}

absl::Status Int8Linear::ForwardToRows(const Matrix* in, int64_t rows, Workspace* ws,
                                       const RowSink& sink) const {
  if (in && in->cols != in_) {
    return absl::InternalError(
        absl::StrFormat("linear layer: input has %d columns, expected %d", in->cols, in_));
  }
  return Run(in, rows, nullptr, ws, &sink);
}

absl::Status Int8Linear::Run(const Matrix* in, int64_t rows, Matrix* out, Workspace* ws,
                             const RowSink* sink) const {
  const int64_t bucket = BucketRows(rows);
  auto kernel = kernels_.Get(bucket);
  if (!kernel.ok()) return kernel.status();
  const QuantizedRows input = QuantizedInput(rows, in_, ws);
  int32_t* accumulator = ws->accumulator.Grow(static_cast<size_t>(bucket * out_));
  if (in) {
    QuantizeRowsU8(in->data.data(), rows, in_, in_, input.data, in_, input.scale, input.zero_point,
                   ActivationQuantMax());
  }
  absl::Status status = CatchDnnl("running an int8 matmul", [&] {
    const auto& engine = CpuEngine();
    dnnl::memory src({{bucket, in_}, dt::u8, tag::ab}, engine, input.data);
    dnnl::memory dst({{bucket, out_}, dt::s32, tag::ab}, engine, accumulator);
    dnnl::memory scratch({{static_cast<int64_t>((*kernel)->scratchpad_bytes)}, dt::u8, tag::a},
                         engine, ws->Scratchpad((*kernel)->scratchpad_bytes));
    (*kernel)->primitive.execute(ws->stream(), {{DNNL_ARG_SRC, src},
                                                {DNNL_ARG_WEIGHTS, weights_},
                                                {DNNL_ARG_DST, dst},
                                                {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
  if (!status.ok()) return status;
  if (sink) {
    DequantizeRowsTo(accumulator, rows, out_, out_, input.scale, input.zero_point,
                     col_scale_.data(), col_sum_.data(), bias_.data(), epilogue_, *sink);
    return absl::OkStatus();
  }
  if (!out) {
    // The matmul has read its input: its buffers now take the output, quantized (each row's
    // input scale and zero point are read before that row's output ones replace them).
    const QuantizedRows next = QuantizedInput(rows, out_, ws);
    DequantizeQuantizeRows(accumulator, rows, out_, out_, next.scale, next.zero_point,
                           col_scale_.data(), col_sum_.data(), bias_.data(), epilogue_, next.data,
                           out_, next.scale, next.zero_point, ActivationQuantMax());
    return absl::OkStatus();
  }
  out->Resize(rows, out_);
  DequantizeEpilogue(accumulator, rows, out_, out_, input.scale, input.zero_point,
                     col_scale_.data(), col_sum_.data(), bias_.data(), epilogue_, out->data.data(),
                     out_);
  return absl::OkStatus();
}

}  // namespace octet
