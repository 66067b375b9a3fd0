#include "core/layers/attention.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/kernels/int8_kernels.h"
#include "core/kernels/row_kernels.h"
#include "core/onednn/dnnl_util.h"
#include "core/onednn/single_thread_scope.h"

namespace octet {
namespace {
using dt = dnnl::memory::data_type;
using dims = dnnl::memory::dims;
using tag = dnnl::memory::format_tag;

}  // namespace

bool Bf16AttentionAvailable() {
  static const bool available = [] {
    bool ok = false;
    absl::Status s = CatchDnnl("probing BF16 matmul", [&] {
      dnnl::memory::desc a(dims{2, 32, 64}, dt::bf16, tag::abc);
      dnnl::memory::desc b(dims{2, 64, 32}, dt::bf16, tag::abc);
      dnnl::memory::desc c(dims{2, 32, 32}, dt::f32, tag::abc);
      dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, c), CpuEngine());
      ok = ImplementationName(pd).rfind("ref", 0) != 0;
    });
    return s.ok() && ok;
  }();
  return available;
}

void MaskedSoftmaxRows(float* data, int64_t rows, int64_t n, const int32_t* key_mask) {
  const RowKernelTable& k = RowKernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) k.softmax(data + r * n, n, key_mask);
}

absl::StatusOr<std::shared_ptr<const SelfAttention::Kernels>> SelfAttention::KernelsFor(
    int64_t n) const {
  return kernels_.Get(n, [&] { return MakeKernels(n); });
}

absl::StatusOr<std::unique_ptr<SelfAttention::Kernels>> SelfAttention::MakeKernels(
    int64_t n) const {
  auto k = std::make_unique<Kernels>();
  const int64_t h = heads_, d = hidden_ / heads_, row = 3 * hidden_;
  const dt ct = type_ == AttentionType::kBf16 ? dt::bf16 : dt::f32;
  // The per-head primitives are made for, and always run on, one thread: oneDNN may split a
  // matmul's reduction between threads, which would make a head's sums depend on the team size.
  SingleThreadScope single_thread;
  absl::Status status = CatchDnnl("creating attention primitives", [&] {
    const auto& engine = CpuEngine();
    // Gather: (part, head, token, i) lives at token·3H + part·H + head·d + i in the qkv rows.
    dnnl::memory::desc rows_md(dims{3, h, n, d}, dt::f32, dims{hidden_, d, row, 1});
    dnnl::memory::desc packed_md(dims{3, h, n, d}, ct, tag::abcd);
    dnnl::reorder::primitive_desc gather_pd(engine, rows_md, engine, packed_md,
                                            UserScratchpadAttr());
    // One head: Kᵀ as [d, n] over K stored [n, d] ("ba").
    dnnl::memory::desc q_md(dims{n, d}, ct, tag::ab);
    dnnl::memory::desc kt_md(dims{d, n}, ct, tag::ba);
    dnnl::memory::desc s_md(dims{n, n}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc scores_pd(
        dnnl::matmul::desc(q_md, kt_md, s_md),
        UserScratchpadAttr(1.f / std::sqrt(static_cast<float>(d))), engine);
    dnnl::memory::desc p_md(dims{n, n}, ct, tag::ab);
    dnnl::memory::desc v_md(dims{n, d}, ct, tag::ab);
    dnnl::memory::desc o_md(dims{n, d}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc mix_pd(dnnl::matmul::desc(p_md, v_md, o_md), UserScratchpadAttr(),
                                        engine);
    // Scatter: [heads, n, d] back into the context rows.
    dnnl::memory::desc out_md(dims{h, n, d}, dt::f32, tag::abc);
    dnnl::memory::desc ctx_md(dims{h, n, d}, dt::f32, dims{d, hidden_, 1});
    dnnl::reorder::primitive_desc scatter_pd(engine, out_md, engine, ctx_md, UserScratchpadAttr());
    k->gather = dnnl::reorder(gather_pd);
    k->scores = dnnl::matmul(scores_pd);
    k->mix = dnnl::matmul(mix_pd);
    k->scatter = dnnl::reorder(scatter_pd);
    k->head_scratchpad_bytes =
        std::max(scores_pd.scratchpad_desc().get_size(), mix_pd.scratchpad_desc().get_size());
    k->scratchpad_bytes =
        std::max(gather_pd.scratchpad_desc().get_size(), scatter_pd.scratchpad_desc().get_size());
    k->head_scratchpad_bytes = (k->head_scratchpad_bytes + 63) / 64 * 64;
    k->implementation = absl::StrCat("scores ", ImplementationName(scores_pd), ", mix ",
                                     ImplementationName(mix_pd), ", per head on one thread");
  });
  if (!status.ok()) return status;
  return k;
}

std::string SelfAttention::ImplementationFor(int64_t n) const {
  auto k = KernelsFor(n);
  return k.ok() ? (*k)->implementation : std::string(k.status().message());
}

absl::Status SelfAttention::Sequence(const Matrix* qkv, int64_t start, int64_t n,
                                     const int32_t* mask, Matrix* context,
                                     const QuantizedRows* quantized, Workspace* ws) const {
  auto kernels = KernelsFor(n);
  if (!kernels.ok()) return kernels.status();
  const Kernels& k = **kernels;
  const int64_t h = heads_, d = hidden_ / heads_, row = 3 * hidden_;
  const bool bf16 = type_ == AttentionType::kBf16;
  const dt ct = bf16 ? dt::bf16 : dt::f32;
  const size_t elem = bf16 ? 2 : 4;
  const int64_t block = h * n * d;  // one of Q, K, V packed
  const int threads = static_cast<int>(std::min<int64_t>(ws->num_threads(), h));
  // qkv null: PackingSink already wrote this sequence's dense blocks, at its first token.
  std::byte* packed = qkv ? ws->attention_packed.Grow(3 * block * elem)
                          : ws->attention_packed.data() + start * row * elem;
  ws->scores.Resize(h * n, n);
  ws->attention_out.Resize(h * n, d);
  std::byte* probs = bf16 ? ws->attention_probs.Grow(h * n * n * elem) : nullptr;
  auto* scratch_base = static_cast<std::byte*>(
      ws->Scratchpad(std::max(k.scratchpad_bytes, threads * k.head_scratchpad_bytes)));
  const RowKernelTable& row_kernels = RowKernels();
  const auto& engine = CpuEngine();
  absl::Status status = CatchDnnl("running attention", [&] {
    if (!qkv) return;
    dnnl::memory rows({dims{3, h, n, d}, dt::f32, dims{hidden_, d, row, 1}}, engine,
                      const_cast<float*>(qkv->row(start)));
    dnnl::memory all({dims{3, h, n, d}, ct, tag::abcd}, engine, packed);
    dnnl::memory scratch({dims{static_cast<int64_t>(k.scratchpad_bytes)}, dt::u8, tag::a}, engine,
                         scratch_base);
    k.gather.execute(ws->stream(),
                     {{DNNL_ARG_FROM, rows}, {DNNL_ARG_TO, all}, {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
  if (!status.ok()) return status;
  // Heads in parallel, each head's work on one thread with its own stream and scratchpad.
  std::vector<absl::Status> failures(threads);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    SingleThreadScope single_thread;
    failures[t] = CatchDnnl("running attention", [&] {
      dnnl::stream stream(engine);
      dnnl::memory q({dims{n, d}, ct, tag::ab}, engine, nullptr);
      dnnl::memory kt({dims{d, n}, ct, tag::ba}, engine, nullptr);
      dnnl::memory v({dims{n, d}, ct, tag::ab}, engine, nullptr);
      dnnl::memory s({dims{n, n}, dt::f32, tag::ab}, engine, nullptr);
      dnnl::memory p = bf16 ? dnnl::memory({dims{n, n}, ct, tag::ab}, engine, nullptr) : s;
      dnnl::memory o({dims{n, d}, dt::f32, tag::ab}, engine, nullptr);
      dnnl::memory scratch({dims{static_cast<int64_t>(k.head_scratchpad_bytes)}, dt::u8, tag::a},
                           engine, scratch_base + t * k.head_scratchpad_bytes);
      for (int64_t head = t; head < h; head += threads) {
        const int64_t at = head * n * d;
        float* head_scores = ws->scores.row(head * n);
        q.set_data_handle(packed + at * elem);
        kt.set_data_handle(packed + (block + at) * elem);
        v.set_data_handle(packed + (2 * block + at) * elem);
        s.set_data_handle(head_scores);
        o.set_data_handle(ws->attention_out.row(head * n));
        k.scores.execute(stream, {{DNNL_ARG_SRC, q},
                                  {DNNL_ARG_WEIGHTS, kt},
                                  {DNNL_ARG_DST, s},
                                  {DNNL_ARG_SCRATCHPAD, scratch}});
        stream.wait();
        if (bf16) {
          // The softmax writes the BF16 probabilities the second matmul reads.
          auto* head_probs = reinterpret_cast<uint16_t*>(probs + head * n * n * elem);
          for (int64_t r = 0; r < n; ++r) {
            row_kernels.softmax_bf16(head_scores + r * n, n, mask, head_probs + r * n);
          }
          p.set_data_handle(head_probs);
        } else {
          for (int64_t r = 0; r < n; ++r) row_kernels.softmax(head_scores + r * n, n, mask);
        }
        k.mix.execute(stream, {{DNNL_ARG_SRC, p},
                               {DNNL_ARG_WEIGHTS, v},
                               {DNNL_ARG_DST, o},
                               {DNNL_ARG_SCRATCHPAD, scratch}});
        stream.wait();
      }
    });
  }
  for (const absl::Status& failure : failures) {
    if (!failure.ok()) return failure;
  }
  if (quantized) {
    // Each token's row gathered from the heads' [n, d] blocks into L1, quantized from there.
    const Int8KernelTable& quantizer = Int8Kernels();
    const int32_t qmax = ActivationQuantMax();
    const float* heads_out = ws->attention_out.data.data();
#pragma omp parallel
    {
      std::vector<float> row(static_cast<size_t>(hidden_));
#pragma omp for schedule(static)
      for (int64_t t = 0; t < n; ++t) {
        for (int64_t head = 0; head < h; ++head) {
          std::memcpy(row.data() + head * d, heads_out + (head * n + t) * d, d * sizeof(float));
        }
        const int64_t r = start + t;
        quantizer.quantize_row(row.data(), hidden_, quantized->data + r * hidden_,
                               quantized->scale + r, quantized->zero_point + r, qmax);
      }
    }
    return absl::OkStatus();
  }
  return CatchDnnl("running attention", [&] {
    dnnl::memory o({dims{h, n, d}, dt::f32, tag::abc}, engine, ws->attention_out.data.data());
    dnnl::memory c({dims{h, n, d}, dt::f32, dims{d, hidden_, 1}}, engine, context->row(start));
    dnnl::memory scratch({dims{static_cast<int64_t>(k.scratchpad_bytes)}, dt::u8, tag::a}, engine,
                         scratch_base);
    k.scatter.execute(ws->stream(),
                      {{DNNL_ARG_FROM, o}, {DNNL_ARG_TO, c}, {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
}

absl::Status SelfAttention::Forward(const Matrix& qkv, const SequenceBatch& batch, Matrix* context,
                                    Workspace* ws) const {
  context->Resize(qkv.rows, hidden_);
  for (int64_t i = 0; i < batch.num_sequences(); ++i) {
    const int64_t start = batch.starts[i];
    const int32_t* mask =
        batch.attention_mask.empty() ? nullptr : batch.attention_mask.data() + start;
    absl::Status s = Sequence(&qkv, start, batch.length(i), mask, context, nullptr, ws);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status SelfAttention::ForwardQuantized(const Matrix& qkv, const SequenceBatch& batch,
                                             Workspace* ws) const {
  const QuantizedRows q = QuantizedInput(qkv.rows, hidden_, ws);
  for (int64_t i = 0; i < batch.num_sequences(); ++i) {
    const int64_t start = batch.starts[i];
    const int32_t* mask =
        batch.attention_mask.empty() ? nullptr : batch.attention_mask.data() + start;
    absl::Status s = Sequence(&qkv, start, batch.length(i), mask, nullptr, &q, ws);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

RowSink SelfAttention::PackingSink(const SequenceBatch& batch, Workspace* ws) const {
  const int64_t tokens = batch.num_tokens(), d = hidden_ / heads_, chunks = 3 * heads_;
  // Each row's sequence: its first token and its length.
  std::vector<int64_t> first(static_cast<size_t>(tokens)), length(static_cast<size_t>(tokens));
  for (int64_t i = 0; i < batch.num_sequences(); ++i) {
    for (int64_t t = 0; t < batch.length(i); ++t) {
      first[batch.starts[i] + t] = batch.starts[i];
      length[batch.starts[i] + t] = batch.length(i);
    }
  }
  auto* base = reinterpret_cast<uint16_t*>(
      ws->attention_packed.Grow(static_cast<size_t>(tokens * 3 * hidden_) * sizeof(uint16_t)));
  const RowKernelTable* k = &RowKernels();
  const int64_t row_width = 3 * hidden_;
  return [first = std::move(first), length = std::move(length), base, k, d, chunks, row_width](
             int64_t r, const float* values) {
    // Part p, head h, i.e. chunk c = p·heads + h of d values, goes to [c, t, 0..d) of the
    // sequence's dense [3, heads, n, d] block.
    const int64_t start = first[r], n = length[r], t = r - start;
    uint16_t* block = base + start * row_width;
    for (int64_t c = 0; c < chunks; ++c) k->to_bf16(values + c * d, d, block + (c * n + t) * d);
  };
}

absl::Status SelfAttention::ForwardPacked(const SequenceBatch& batch, Matrix* context,
                                          bool quantize_context, Workspace* ws) const {
  if (type_ != AttentionType::kBf16) {
    return absl::InternalError("packed Q, K, V need BF16 attention");
  }
  const int64_t tokens = batch.num_tokens();
  QuantizedRows q;
  if (quantize_context) {
    q = QuantizedInput(tokens, hidden_, ws);
  } else {
    context->Resize(tokens, hidden_);
  }
  for (int64_t i = 0; i < batch.num_sequences(); ++i) {
    const int64_t start = batch.starts[i];
    const int32_t* mask =
        batch.attention_mask.empty() ? nullptr : batch.attention_mask.data() + start;
    absl::Status s = Sequence(nullptr, start, batch.length(i), mask, context,
                              quantize_context ? &q : nullptr, ws);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace octet
