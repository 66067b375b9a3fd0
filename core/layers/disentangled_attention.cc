#include "core/layers/disentangled_attention.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "core/kernels/row_kernels.h"
#include "core/onednn/dnnl_util.h"
#include "core/onednn/single_thread_scope.h"

namespace octet {
namespace {
using dt = dnnl::memory::data_type;
using dims = dnnl::memory::dims;
using tag = dnnl::memory::format_tag;

size_t RoundUp64(size_t bytes) { return (bytes + 63) / 64 * 64; }

// [2·span, H] (head h in columns h·d …) → [heads, 2·span, d] in the compute type.
absl::Status PackPerHead(const Matrix& table, int64_t heads, dt type, std::vector<std::byte>* out) {
  const int64_t rows = table.rows, d = table.cols / heads;
  const size_t elem = type == dt::bf16 ? 2 : 4;
  out->resize(static_cast<size_t>(rows * table.cols) * elem);
  return CatchDnnl("packing the relative-position projections", [&] {
    const auto& engine = CpuEngine();
    // (head, row, i) lives at row·H + head·d + i in `table`.
    dnnl::memory src({dims{heads, rows, d}, dt::f32, dims{d, table.cols, 1}}, engine,
                     const_cast<float*>(table.data.data()));
    dnnl::memory dst({dims{heads, rows, d}, type, tag::abc}, engine, out->data());
    dnnl::stream stream(engine);
    dnnl::reorder(src, dst).execute(stream, src, dst);
    stream.wait();
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<DisentangledAttention>> DisentangledAttention::Create(
    const Spec& spec, const Matrix& pos_key, const Matrix& pos_query) {
  std::unique_ptr<DisentangledAttention> a(new DisentangledAttention(spec));
  const dt ct = spec.type == AttentionType::kBf16 ? dt::bf16 : dt::f32;
  const int64_t table_rows = 2 * spec.positions.span();
  for (const auto& [needed, table, out, what] :
       {std::tuple(a->has_c2p(), &pos_key, &a->pos_key_, "c2p key projection"),
        std::tuple(a->has_p2c(), &pos_query, &a->pos_query_, "p2c query projection")}) {
    if (!needed) continue;
    if (table->rows != table_rows || table->cols != spec.hidden) {
      return absl::InvalidArgumentError(
          absl::StrCat("disentangled attention: the ", what, " is [", table->rows, ", ",
                       table->cols, "], expected [", table_rows, ", ", spec.hidden, "]"));
    }
    absl::Status s = PackPerHead(*table, spec.heads, ct, out);
    if (!s.ok()) return s;
  }
  return a;
}

absl::StatusOr<std::shared_ptr<const DisentangledAttention::Kernels>>
DisentangledAttention::KernelsFor(int64_t n) const {
  return kernels_.Get(n, [&] { return MakeKernels(n); });
}

absl::StatusOr<std::unique_ptr<DisentangledAttention::Kernels>> DisentangledAttention::MakeKernels(
    int64_t n) const {
  auto k = std::make_unique<Kernels>();
  const int64_t h = spec_.heads, d = spec_.hidden / spec_.heads, row = 3 * spec_.hidden;
  const dt ct = spec_.type == AttentionType::kBf16 ? dt::bf16 : dt::f32;
  const int factor = 1 + (spec_.c2p ? 1 : 0) + (spec_.p2c ? 1 : 0);
  const float scale = 1.f / std::sqrt(static_cast<float>(d * factor));
  const bool relative = has_c2p() || has_p2c();
  if (relative) {
    k->rows = RelativeTableRows(n, spec_.positions);
    k->first_row = k->rows.front();
    k->num_rows = k->rows.back() - k->first_row + 1;
    for (int32_t& r : k->rows) r -= static_cast<int32_t>(k->first_row);
  }
  SingleThreadScope one_thread;
  absl::Status status = CatchDnnl("creating disentangled attention primitives", [&] {
    const auto& engine = CpuEngine();
    dnnl::memory::desc rows_md(dims{3, h, n, d}, dt::f32, dims{spec_.hidden, d, row, 1});
    dnnl::memory::desc packed_md(dims{3, h, n, d}, ct, tag::abcd);
    dnnl::reorder::primitive_desc gather_pd(engine, rows_md, engine, packed_md,
                                            UserScratchpadAttr());
    dnnl::memory::desc q_md(dims{n, d}, ct, tag::ab);
    dnnl::memory::desc kt_md(dims{d, n}, ct, tag::ba);
    dnnl::memory::desc s_md(dims{n, n}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc scores_pd(dnnl::matmul::desc(q_md, kt_md, s_md),
                                           UserScratchpadAttr(scale), engine);
    dnnl::memory::desc p_md(dims{n, n}, ct, tag::ab);
    dnnl::memory::desc v_md(dims{n, d}, ct, tag::ab);
    dnnl::memory::desc o_md(dims{n, d}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc mix_pd(dnnl::matmul::desc(p_md, v_md, o_md), UserScratchpadAttr(),
                                        engine);
    dnnl::memory::desc out_md(dims{h, n, d}, dt::f32, tag::abc);
    dnnl::memory::desc ctx_md(dims{h, n, d}, dt::f32, dims{d, spec_.hidden, 1});
    dnnl::reorder::primitive_desc scatter_pd(engine, out_md, engine, ctx_md, UserScratchpadAttr());
    k->gather = dnnl::reorder(gather_pd);
    k->scores = dnnl::matmul(scores_pd);
    k->mix = dnnl::matmul(mix_pd);
    k->scatter = dnnl::reorder(scatter_pd);
    size_t head_scratch =
        std::max(scores_pd.scratchpad_desc().get_size(), mix_pd.scratchpad_desc().get_size());
    k->implementation = absl::StrCat("scores ", ImplementationName(scores_pd));
    if (relative) {
      // Q (or K) [n, d] times the table rows [num_rows, d], transposed.
      dnnl::memory::desc table_md(dims{d, k->num_rows}, ct, tag::ba);
      dnnl::memory::desc rel_md(dims{n, k->num_rows}, dt::f32, tag::ab);
      dnnl::matmul::primitive_desc position_pd(dnnl::matmul::desc(q_md, table_md, rel_md),
                                               UserScratchpadAttr(scale), engine);
      k->position = dnnl::matmul(position_pd);
      head_scratch = std::max(head_scratch, position_pd.scratchpad_desc().get_size());
      absl::StrAppend(&k->implementation, ", c2p/p2c ", ImplementationName(position_pd));
    }
    if (spec_.type == AttentionType::kBf16) {
      dnnl::reorder::primitive_desc probs_pd(engine, s_md, engine, p_md, UserScratchpadAttr());
      k->probs = dnnl::reorder(probs_pd);
      head_scratch = std::max(head_scratch, probs_pd.scratchpad_desc().get_size());
    }
    absl::StrAppend(&k->implementation, ", mix ", ImplementationName(mix_pd),
                    ", per head on one thread");
    k->head_scratchpad_bytes = RoundUp64(head_scratch);
    const size_t products = (has_c2p() ? 1 : 0) + (has_p2c() ? 1 : 0);
    k->head_bytes = k->head_scratchpad_bytes +
                    RoundUp64(products * static_cast<size_t>(n * k->num_rows) * sizeof(float));
    k->scratchpad_bytes =
        std::max(gather_pd.scratchpad_desc().get_size(), scatter_pd.scratchpad_desc().get_size());
  });
  if (!status.ok()) return status;
  return k;
}

std::string DisentangledAttention::ImplementationFor(int64_t n) const {
  auto k = KernelsFor(n);
  return k.ok() ? (*k)->implementation : std::string(k.status().message());
}

absl::Status DisentangledAttention::Sequence(const Matrix& qkv, int64_t start, int64_t n,
                                             const int32_t* mask, Matrix* context,
                                             Workspace* ws) const {
  auto kernels = KernelsFor(n);
  if (!kernels.ok()) return kernels.status();
  const Kernels& k = **kernels;
  const int64_t h = spec_.heads, d = spec_.hidden / spec_.heads, row = 3 * spec_.hidden;
  const bool bf16 = spec_.type == AttentionType::kBf16;
  const dt ct = bf16 ? dt::bf16 : dt::f32;
  const size_t elem = bf16 ? 2 : 4;
  const int64_t block = h * n * d;  // one of Q, K, V packed
  const int64_t table_rows = 2 * spec_.positions.span();
  const int64_t m = std::max<int64_t>(k.num_rows, 1);  // 1: a placeholder without terms
  const bool c2p = has_c2p(), p2c = has_p2c();
  const int threads = static_cast<int>(std::min<int64_t>(ws->num_threads(), h));
  std::byte* packed = ws->attention_packed.Grow(3 * block * elem);
  ws->scores.Resize(h * n, n);
  ws->attention_out.Resize(h * n, d);
  std::byte* probs = bf16 ? ws->attention_probs.Grow(h * n * n * elem) : nullptr;
  auto* scratch_base =
      static_cast<std::byte*>(ws->Scratchpad(std::max(k.scratchpad_bytes, threads * k.head_bytes)));
  const RowKernelTable& row_kernels = RowKernels();
  const auto& engine = CpuEngine();
  absl::Status status = CatchDnnl("running disentangled attention", [&] {
    dnnl::memory rows({dims{3, h, n, d}, dt::f32, dims{spec_.hidden, d, row, 1}}, engine,
                      const_cast<float*>(qkv.row(start)));
    dnnl::memory all({dims{3, h, n, d}, ct, tag::abcd}, engine, packed);
    dnnl::memory scratch({dims{static_cast<int64_t>(k.scratchpad_bytes)}, dt::u8, tag::a}, engine,
                         scratch_base);
    k.gather.execute(ws->stream(),
                     {{DNNL_ARG_FROM, rows}, {DNNL_ARG_TO, all}, {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
  if (!status.ok()) return status;
  std::vector<absl::Status> failures(threads);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    SingleThreadScope one_thread;
    std::byte* mine = scratch_base + t * k.head_bytes;
    auto* c2p_out = reinterpret_cast<float*>(mine + k.head_scratchpad_bytes);
    float* p2c_out = c2p_out + (c2p ? n * m : 0);
    failures[t] = CatchDnnl("running disentangled attention", [&] {
      dnnl::stream stream(engine);
      dnnl::memory q({dims{n, d}, ct, tag::ab}, engine, nullptr);
      dnnl::memory key({dims{n, d}, ct, tag::ab}, engine, nullptr);  // K as a left operand
      dnnl::memory kt({dims{d, n}, ct, tag::ba}, engine, nullptr);
      dnnl::memory v({dims{n, d}, ct, tag::ab}, engine, nullptr);
      dnnl::memory s({dims{n, n}, dt::f32, tag::ab}, engine, nullptr);
      dnnl::memory p = bf16 ? dnnl::memory({dims{n, n}, ct, tag::ab}, engine, nullptr) : s;
      dnnl::memory o({dims{n, d}, dt::f32, tag::ab}, engine, nullptr);
      dnnl::memory table({dims{d, m}, ct, tag::ba}, engine, nullptr);
      dnnl::memory rel({dims{n, m}, dt::f32, tag::ab}, engine, nullptr);
      dnnl::memory scratch({dims{static_cast<int64_t>(k.head_scratchpad_bytes)}, dt::u8, tag::a},
                           engine, mine);
      for (int64_t head = t; head < h; head += threads) {
        const int64_t at = head * n * d;
        float* head_scores = ws->scores.row(head * n);
        q.set_data_handle(packed + at * elem);
        key.set_data_handle(packed + (block + at) * elem);
        kt.set_data_handle(packed + (block + at) * elem);
        v.set_data_handle(packed + (2 * block + at) * elem);
        s.set_data_handle(head_scores);
        o.set_data_handle(ws->attention_out.row(head * n));
        k.scores.execute(stream, {{DNNL_ARG_SRC, q},
                                  {DNNL_ARG_WEIGHTS, kt},
                                  {DNNL_ARG_DST, s},
                                  {DNNL_ARG_SCRATCHPAD, scratch}});
        // The head's table rows first_row … first_row + m − 1.
        const size_t table_at = static_cast<size_t>((head * table_rows + k.first_row) * d) * elem;
        if (c2p) {
          table.set_data_handle(const_cast<std::byte*>(pos_key_.data()) + table_at);
          rel.set_data_handle(c2p_out);
          k.position.execute(stream, {{DNNL_ARG_SRC, q},
                                      {DNNL_ARG_WEIGHTS, table},
                                      {DNNL_ARG_DST, rel},
                                      {DNNL_ARG_SCRATCHPAD, scratch}});
        }
        if (p2c) {
          table.set_data_handle(const_cast<std::byte*>(pos_query_.data()) + table_at);
          rel.set_data_handle(p2c_out);
          k.position.execute(stream, {{DNNL_ARG_SRC, key},
                                      {DNNL_ARG_WEIGHTS, table},
                                      {DNNL_ARG_DST, rel},
                                      {DNNL_ARG_SCRATCHPAD, scratch}});
        }
        stream.wait();
        for (int64_t i = 0; i < n; ++i) {
          float* r = head_scores + i * n;
          if (mask != nullptr && mask[i] == 0) {
            std::fill(r, r + n, 0.f);  // a masked query attends to nothing
            continue;
          }
          // Distance i − j reads rows[i − j + n − 1]: for j = 0 … n − 1 that is rows
          // i + n − 1 down to i.
          const int32_t* at = k.rows.data() + i + n - 1;
          if (c2p && p2c) {
            const float* cq = c2p_out + i * m;
            for (int64_t j = 0; j < n; ++j) r[j] += cq[at[-j]] + p2c_out[j * m + at[-j]];
          } else if (c2p) {
            const float* cq = c2p_out + i * m;
            for (int64_t j = 0; j < n; ++j) r[j] += cq[at[-j]];
          } else if (p2c) {
            for (int64_t j = 0; j < n; ++j) r[j] += p2c_out[j * m + at[-j]];
          }
          row_kernels.softmax(r, n, mask);
        }
        if (bf16) {
          p.set_data_handle(probs + head * n * n * elem);
          k.probs.execute(stream,
                          {{DNNL_ARG_FROM, s}, {DNNL_ARG_TO, p}, {DNNL_ARG_SCRATCHPAD, scratch}});
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
  return CatchDnnl("running disentangled attention", [&] {
    dnnl::memory o({dims{h, n, d}, dt::f32, tag::abc}, engine, ws->attention_out.data.data());
    dnnl::memory c({dims{h, n, d}, dt::f32, dims{d, spec_.hidden, 1}}, engine, context->row(start));
    dnnl::memory scratch({dims{static_cast<int64_t>(k.scratchpad_bytes)}, dt::u8, tag::a}, engine,
                         scratch_base);
    k.scatter.execute(ws->stream(),
                      {{DNNL_ARG_FROM, o}, {DNNL_ARG_TO, c}, {DNNL_ARG_SCRATCHPAD, scratch}});
    ws->stream().wait();
  });
}

absl::Status DisentangledAttention::Forward(const Matrix& qkv, const SequenceBatch& batch,
                                            Matrix* context, Workspace* ws) const {
  context->Resize(qkv.rows, spec_.hidden);
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
