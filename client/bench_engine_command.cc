// `octet bench-engine`: times the in-process engine on synthetic inputs of a fixed shape and
// prints one RESULT line plus the figures behind it (per-op time, linear-layer TOPS against the
// bare int8 GEMM of the same shapes, which oneDNN kernel each matmul uses, memory, load time).

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/args.h"
#include "client/commands.h"
#include "core/base/process_stats.h"
#include "core/kernels/cpu_features.h"
#include "core/models/model.h"
#include "core/onednn/gemm_probe.h"
#include "core/runtime/openmp_spin.h"

namespace octet::cli {
namespace {

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const size_t i = std::min(
      v.size() - 1, static_cast<size_t>(std::lround(p * static_cast<double>(v.size() - 1))));
  return v[i];
}

SequenceBatch SyntheticBatch(const Model& model, int64_t batch, int64_t seq) {
  std::mt19937 rng(1234);
  const int64_t vocab = model.config().vocab_size;
  const int64_t low = vocab > 2000 ? 1000 : 5;
  std::uniform_int_distribution<int32_t> id(static_cast<int32_t>(low),
                                            static_cast<int32_t>(vocab - 1));
  SequenceBatch b;
  for (int64_t s = 0; s < batch; ++s) {
    std::vector<int32_t> ids(seq);
    for (auto& v : ids) v = id(rng);
    ids.front() = model.tokenizer().cls_id();
    ids.back() = model.tokenizer().sep_id();
    b.Add(ids, {});
  }
  return b;
}

}  // namespace

int BenchEngineCommand(int argc, char** argv) {
  auto args =
      ParseArgs(argc, argv, 0,
                {"model", "batch", "seq", "threads", "precision", "iters", "warmup", "fp32-layers"},
                {"no-gemm-peak"});
  if (!args.ok()) return Fail(args.status(), 2);
  auto dir = args->Get("model");
  if (!dir) return Fail(absl::InvalidArgumentError("bench-engine needs --model DIR"), 2);
  auto batch_n = args->GetInt("batch", 1), seq = args->GetInt("seq", 128),
       threads = args->GetInt("threads", 1), iters = args->GetInt("iters", 20),
       warmup = args->GetInt("warmup", 3);
  for (const auto* v : {&batch_n, &seq, &threads, &iters, &warmup}) {
    if (!v->ok()) return Fail(v->status(), 2);
  }
  if (*batch_n < 1 || *seq < 2 || *threads < 1 || *iters < 1 || *warmup < 0) {
    return Fail(absl::InvalidArgumentError(
                    "--batch, --threads, --iters must be ≥ 1, --seq ≥ 2, --warmup ≥ 0"),
                2);
  }
  LoadOptions load;
  const std::string precision = args->Get("precision").value_or("int8");
  if (precision != "int8" && precision != "fp32") {
    return Fail(absl::InvalidArgumentError(
                    absl::StrCat("--precision expects int8 or fp32, got '", precision, "'")),
                2);
  }
  load.precision.base = precision == "int8" ? Precision::kInt8 : Precision::kFp32;
  if (auto layers = args->Get("fp32-layers")) {
    load.precision.fp32_layers = absl::StrSplit(*layers, ',', absl::SkipEmpty());
  }
  omp_set_num_threads(static_cast<int>(*threads));
  const MemoryStats before = ReadMemoryStats();
  load.progress = LoadProgressPrinter();
  auto model_or = Model::Load(*dir, load);
  if (!model_or.ok()) return Fail(model_or.status());
  const Model& model = **model_or;
  const MemoryStats after_load = ReadMemoryStats();
  if (*seq > model.config().max_sequence_length()) {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("--seq ", *seq, " exceeds the ", model.config().max_sequence_length(),
                     " tokens the position table can number (max_position_embeddings ",
                     model.config().max_position_embeddings, ")")));
  }

  const SequenceBatch batch = SyntheticBatch(model, *batch_n, *seq);
  Workspace ws(static_cast<int>(*threads));
  Matrix logits;
  for (int64_t i = 0; i < *warmup; ++i) {
    if (auto s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
  }
  std::vector<double> times;
  for (int64_t i = 0; i < *iters; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    if (auto s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
    times.push_back(Seconds(std::chrono::steady_clock::now() - t0));
  }
  const double median = Percentile(times, 0.5), p90 = Percentile(times, 0.9);

  // Per-op breakdown, averaged over a few profiled runs.
  OpProfile profile;
  ws.profile = &profile;
  const int profiled = static_cast<int>(std::min<int64_t>(*iters, 5));
  for (int i = 0; i < profiled; ++i) (void)model.Forward(batch, &ws, &logits);
  ws.profile = nullptr;

  // Linear layers: total ops, time in them, and the bare GEMM of the same shapes.
  const int64_t rows = *batch_n * *seq;
  double linear_ops = 0, linear_ms = 0, gemm_s = 0;
  std::map<std::pair<int64_t, int64_t>, int> shapes;
  for (const Linear* l : model.linears()) {
    if (l->in_features() * l->out_features() < 4096) continue;  // heads: tiny, not rows-wide
    shapes[{l->in_features(), l->out_features()}]++;
  }
  for (size_t op = static_cast<size_t>(Op::kQkv); op < static_cast<size_t>(Op::kHead); ++op) {
    if (op != static_cast<size_t>(Op::kAttention) && op != static_cast<size_t>(Op::kLayerNorm)) {
      linear_ms += profile.ns[op] / 1e6 / profiled;
    }
  }
  std::printf("shapes (rows x in x out, count, oneDNN implementation):\n");
  for (const auto& [shape, count] : shapes) {
    linear_ops += 2.0 * rows * shape.first * shape.second * count;
    std::string impl;
    for (const Linear* l : model.linears()) {
      if (l->in_features() == shape.first && l->out_features() == shape.second) {
        impl = l->ImplementationFor(rows);
        break;
      }
    }
    double bare = 0;
    std::string bare_impl = "-";
    if (!args->Has("no-gemm-peak")) {
      auto g = TimeInt8Gemm(BucketRows(rows), shape.first, shape.second, 10);
      if (g.ok()) {
        bare = g->median_seconds;
        bare_impl = g->implementation;
        gemm_s += bare * count;
      }
    }
    std::printf("  %lld x %lld x %lld  x%d  layer: %s  bare int8 gemm: %s %.3f ms\n",
                static_cast<long long>(rows), static_cast<long long>(shape.first),
                static_cast<long long>(shape.second), count, impl.c_str(), bare_impl.c_str(),
                bare * 1e3);
  }
  std::printf("attention: %s\n", model.AttentionDescription(*seq).c_str());
  std::printf("openmp: %s\n", OpenMpSpinningDescription().c_str());
  std::printf("per-op ms:");
  for (size_t op = 0; op < static_cast<size_t>(Op::kCount); ++op) {
    std::printf(" %s=%.3f", OpName(static_cast<Op>(op)), profile.ns[op] / 1e6 / profiled);
  }
  std::printf("\n");
  const double linear_tops = linear_ms > 0 ? linear_ops / (linear_ms / 1e3) / 1e12 : 0;
  const double peak_tops = gemm_s > 0 ? linear_ops / gemm_s / 1e12 : 0;
  const MemoryStats end = ReadMemoryStats();
  std::printf(
      "RESULT precision=%s batch=%lld seq=%lld threads=%lld median_ms=%.3f p90_ms=%.3f "
      "seq_per_s=%.1f tokens_per_s=%.0f linear_ms=%.3f linear_tops=%.3f gemm_peak_tops=%.3f "
      "pct_of_peak=%.1f weight_bytes=%zu fp32_weight_bytes=%zu rss_after_load_mb=%.1f "
      "peak_rss_mb=%.1f "
      "load_s=%.3f isa=%s int8_family=%s\n",
      precision.c_str(), static_cast<long long>(*batch_n), static_cast<long long>(*seq),
      static_cast<long long>(*threads), median * 1e3, p90 * 1e3, *batch_n / median, rows / median,
      linear_ms, linear_tops, peak_tops, peak_tops > 0 ? 100.0 * linear_tops / peak_tops : 0.0,
      model.weight_bytes(), model.fp32_weight_bytes(), after_load.rss_bytes / 1048576.0,
      end.peak_rss_bytes / 1048576.0, model.load_seconds(), IsaName(DetectedIsa()),
      Int8KernelFamily());
  (void)before;
  return 0;
}

}  // namespace octet::cli
