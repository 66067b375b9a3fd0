#include "core/attention.h"

#include <algorithm>
#include <cmath>

#include "core/dnnl_util.h"

namespace octet {
namespace {
using dt = dnnl::memory::data_type;
using dims = dnnl::memory::dims;
}  // namespace

void MaskedSoftmaxRows(float* data, int64_t rows, int64_t n, const int32_t* key_mask) {
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    float* x = data + r * n;
    float max_v = -INFINITY;
    for (int64_t j = 0; j < n; ++j) {
      if (key_mask && key_mask[j] == 0) continue;
      max_v = std::max(max_v, x[j]);
    }
    float sum = 0.f;
    for (int64_t j = 0; j < n; ++j) {
      const float e = (key_mask && key_mask[j] == 0) ? 0.f : std::exp(x[j] - max_v);
      x[j] = e;
      sum += e;
    }
    const float inv = sum > 0.f ? 1.f / sum : 0.f;
    for (int64_t j = 0; j < n; ++j) x[j] *= inv;
  }
}

absl::StatusOr<const SelfAttention::Kernels*> SelfAttention::KernelsFor(int64_t n) const {
  absl::MutexLock lock(&mu_);
  auto it = kernels_.find(n);
  if (it != kernels_.end()) return it->second.get();
  auto k = std::make_unique<Kernels>();
  const int64_t h = heads_, d = hidden_ / heads_, row = 3 * hidden_;
  absl::Status status = CatchDnnl("creating attention matmuls", [&] {
    const auto& engine = CpuEngine();
    // Two separate attributes: copying a dnnl::primitive_attr shares the underlying object.
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    dnnl::primitive_attr scaled;
    scaled.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    scaled.set_output_scales(0, {1.f / std::sqrt(static_cast<float>(d))});
    dnnl::memory::desc q_md(dims{h, n, d}, dt::f32, dims{d, row, 1});
    dnnl::memory::desc kt_md(dims{h, d, n}, dt::f32, dims{d, 1, row});
    dnnl::memory::desc s_md(dims{h, n, n}, dt::f32, dims{n * n, n, 1});
    dnnl::memory::desc v_md(dims{h, n, d}, dt::f32, dims{d, row, 1});
    dnnl::memory::desc c_md(dims{h, n, d}, dt::f32, dims{d, hidden_, 1});
    dnnl::matmul::primitive_desc scores_pd(dnnl::matmul::desc(q_md, kt_md, s_md), scaled, engine);
    dnnl::matmul::primitive_desc mix_pd(dnnl::matmul::desc(s_md, v_md, c_md), attr, engine);
    k->scores = dnnl::matmul(scores_pd);
    k->mix = dnnl::matmul(mix_pd);
    k->scratchpad_bytes = std::max(scores_pd.scratchpad_desc().get_size(),
                                   mix_pd.scratchpad_desc().get_size());
  });
  if (!status.ok()) return status;
  const Kernels* result = k.get();
  kernels_.emplace(n, std::move(k));
  return result;
}

absl::Status SelfAttention::Sequence(const Matrix& qkv, int64_t start, int64_t n,
                                     const int32_t* mask, Matrix* context, Workspace* ws) const {
  auto kernels = KernelsFor(n);
  if (!kernels.ok()) return kernels.status();
  const Kernels& k = **kernels;
  const int64_t h = heads_, d = hidden_ / heads_, row = 3 * hidden_;
  ws->scores.Resize(h * n, n);
  return CatchDnnl("running attention", [&] {
    const auto& engine = CpuEngine();
    float* base = const_cast<float*>(qkv.row(start));
    dnnl::memory q({dims{h, n, d}, dt::f32, dims{d, row, 1}}, engine, base);
    dnnl::memory kt({dims{h, d, n}, dt::f32, dims{d, 1, row}}, engine, base + hidden_);
    dnnl::memory v({dims{h, n, d}, dt::f32, dims{d, row, 1}}, engine, base + 2 * hidden_);
    dnnl::memory s({dims{h, n, n}, dt::f32, dims{n * n, n, 1}}, engine, ws->scores.data.data());
    dnnl::memory c({dims{h, n, d}, dt::f32, dims{d, hidden_, 1}}, engine, context->row(start));
    dnnl::memory scratch({dims{static_cast<int64_t>(k.scratchpad_bytes)}, dt::u8,
                          dnnl::memory::format_tag::a},
                         engine, ws->Scratchpad(k.scratchpad_bytes));
    k.scores.execute(ws->stream(), {{DNNL_ARG_SRC, q},
                                    {DNNL_ARG_WEIGHTS, kt},
                                    {DNNL_ARG_DST, s},
                                    {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
    MaskedSoftmaxRows(ws->scores.data.data(), h * n, n, mask);
    k.mix.execute(ws->stream(), {{DNNL_ARG_SRC, s},
                                 {DNNL_ARG_WEIGHTS, v},
                                 {DNNL_ARG_DST, c},
                                 {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
}

absl::Status SelfAttention::Forward(const Matrix& qkv, const SequenceBatch& batch,
                                    Matrix* context, Workspace* ws) const {
  context->Resize(qkv.rows, hidden_);
  for (int64_t i = 0; i < batch.num_sequences(); ++i) {
    const int64_t start = batch.starts[i];
    const int32_t* mask =
        batch.attention_mask.empty() ? nullptr : batch.attention_mask.data() + start;
    absl::Status s = Sequence(qkv, start, batch.length(i), mask, context, ws);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace octet
