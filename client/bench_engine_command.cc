// `octet bench-engine`: times the in-process engine on synthetic inputs of a fixed shape and
// prints one RESULT line plus the figures behind it (per-op time and share of the forward,
// linear-layer TOPS against the bare int8 GEMM of the same shapes, which oneDNN kernel each
// matmul uses, memory, load time), one FLOOR line: the forward's time over the time of its
// matmuls alone (the bare oneDNN GEMMs of the same shapes, nothing around them), and (int8) one
// KERNELS line: the least the vector work around those matmuls can add on this CPU.

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
#include "core/kernels/kernel_floor.h"
#include "core/models/encoder.h"
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

// The KERNELS line: what the vector kernels around the matmuls cost with no memory traffic at
// all (core/kernels/kernel_floor.h), per layer and per forward, and the FLOOR ratio the forward
// would have if every pass were fused into its matmul perfectly: the lowest ratio this CPU
// allows for the engine's arithmetic. A BERT-style layer is counted (DeBERTa's relative terms
// are not).
void PrintKernelFloor(const Model& model, int64_t batch, int64_t seq, int64_t threads,
                      double gemm_ms, bool bf16_attention) {
  const ModelConfig& c = model.config();
  LayerShape shape;
  shape.tokens = batch * seq;
  shape.sequences = batch;
  shape.seq = seq;
  shape.hidden = c.hidden_size;
  shape.intermediate = c.intermediate_size;
  shape.heads = c.num_heads;
  shape.ffn_activation = EpilogueFor(c.activation);
  shape.bf16_attention = bf16_attention;
  const KernelFloor f = MeasureKernelFloor(shape);
  // The kernels share rows (softmax: heads) out over the threads.
  const double forward_ms = f.layer_ms * static_cast<double>(c.num_layers) / threads;
  std::printf(
      "KERNELS epilogue_ns=%.3f activation_ns=%.3f quantize_ns=%.3f layer_norm_ns=%.3f "
      "to_bf16_ns=%.3f softmax_ns=%.3f layer_ms=%.3f forward_ms=%.3f bound_ratio=%.3f\n",
      f.epilogue_ns, f.activation_ns, f.quantize_ns, f.layer_norm_ns, f.to_bf16_ns, f.softmax_ns,
      f.layer_ms, forward_ms, (gemm_ms + forward_ms) / gemm_ms);
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
  std::vector<double> times, cpu_times;
  for (int64_t i = 0; i < *iters; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = ProcessCpuSeconds();
    if (auto s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
    times.push_back(Seconds(std::chrono::steady_clock::now() - t0));
    cpu_times.push_back(ProcessCpuSeconds() - c0);
  }
  const double median_cpu = Median(cpu_times);
  const double median = Percentile(times, 0.5), p90 = Percentile(times, 0.9);

  // Per-op breakdown, averaged over a few profiled runs (timed as a whole too, for the shares).
  OpProfile profile;
  ws.profile = &profile;
  const int profiled = static_cast<int>(std::min<int64_t>(*iters, 5));
  const auto profiled_start = std::chrono::steady_clock::now();
  const double profiled_cpu_start = ProcessCpuSeconds();
  for (int i = 0; i < profiled; ++i) (void)model.Forward(batch, &ws, &logits);
  const double profiled_ms =
      Seconds(std::chrono::steady_clock::now() - profiled_start) * 1e3 / profiled;
  const double profiled_cpu_ms = (ProcessCpuSeconds() - profiled_cpu_start) * 1e3 / profiled;
  ws.profile = nullptr;

  // Linear layers: total ops, time in them, and the bare GEMM of the same shapes.
  const int64_t rows = *batch_n * *seq;
  double linear_ops = 0, linear_ms = 0, gemm_s = 0, gemm_cpu_s = 0;
  std::map<std::pair<int64_t, int64_t>, int> shapes;
  // The encoder's linear layers, which run over every row (the model lists them first: the
  // embedding projection if there is one, then four per layer); the heads run on one row per
  // sequence and are left out.
  const std::vector<const Linear*> all_linears = model.linears();
  const size_t encoder_linears = std::min(
      all_linears.size(), static_cast<size_t>(4 * model.config().num_layers +
                                              (NeedsEmbeddingProjection(model.config()) ? 1 : 0)));
  for (size_t i = 0; i < encoder_linears; ++i) {
    shapes[{all_linears[i]->in_features(), all_linears[i]->out_features()}]++;
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
        gemm_cpu_s += g->median_cpu_seconds * count;
      }
    }
    std::printf("  %lld x %lld x %lld  x%d  layer: %s  bare int8 gemm: %s %.3f ms\n",
                static_cast<long long>(rows), static_cast<long long>(shape.first),
                static_cast<long long>(shape.second), count, impl.c_str(), bare_impl.c_str(),
                bare * 1e3);
  }
  const std::string attention = model.AttentionDescription(*seq);
  std::printf("attention: %s\n", attention.c_str());
  const bool bf16_attention = attention.rfind("bf16", 0) == 0;
  // The attention matmuls of every layer and sequence, alone: [seq, d]·[d, seq] and
  // [seq, seq]·[seq, d] per head (DeBERTa's relative-position terms not counted).
  double attention_gemm_s = 0;
  if (!args->Has("no-gemm-peak")) {
    const ModelConfig& c = model.config();
    auto g = TimeAttentionGemms(*seq, c.hidden_size / c.num_heads, c.num_heads, bf16_attention,
                                static_cast<int>(*threads), 10);
    if (g.ok()) {
      attention_gemm_s = g->median_seconds * static_cast<double>(*batch_n * c.num_layers);
      gemm_cpu_s += g->median_cpu_seconds * static_cast<double>(*batch_n * c.num_layers);
      std::printf("  attention matmuls alone: %s %.3f ms per sequence and layer\n",
                  g->implementation.c_str(), g->median_seconds * 1e3);
    }
  }
  std::printf("openmp: %s\n", OpenMpSpinningDescription().c_str());
  std::printf("per-op ms:");
  for (size_t op = 0; op < static_cast<size_t>(Op::kCount); ++op) {
    std::printf(" %s=%.3f", OpName(static_cast<Op>(op)), profile.ns[op] / 1e6 / profiled);
  }
  std::printf("\n");
  // Each op's share of the profiled forward; "other" is what no op timer covers. CPU: the same
  // with the process's CPU time, which stays meaningful on a CPU shared with other processes.
  double covered_ms = 0, covered_cpu_ms = 0;
  std::printf(
      "per-op (ms, share of the forward; CPU ms, share; %d profiled runs of %.3f ms, "
      "%.3f CPU ms):\n",
      profiled, profiled_ms, profiled_cpu_ms);
  auto share = [](double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; };
  for (size_t op = 0; op < static_cast<size_t>(Op::kCount); ++op) {
    const double op_ms = profile.ns[op] / 1e6 / profiled;
    const double op_cpu_ms = profile.cpu_ns[op] / 1e6 / profiled;
    covered_ms += op_ms;
    covered_cpu_ms += op_cpu_ms;
    std::printf("  OP %-14s %8.3f ms %5.1f %%  cpu %8.3f ms %5.1f %%\n",
                OpName(static_cast<Op>(op)), op_ms, share(op_ms, profiled_ms), op_cpu_ms,
                share(op_cpu_ms, profiled_cpu_ms));
  }
  const double other_ms = std::max(0.0, profiled_ms - covered_ms);
  const double other_cpu_ms = std::max(0.0, profiled_cpu_ms - covered_cpu_ms);
  std::printf("  OP %-14s %8.3f ms %5.1f %%  cpu %8.3f ms %5.1f %%\n", "other", other_ms,
              share(other_ms, profiled_ms), other_cpu_ms, share(other_cpu_ms, profiled_cpu_ms));
  if (gemm_s > 0) {
    // gemm_ms: every matmul of the forward alone (linear layers and attention); the forward
    // cannot be faster on this CPU. linear_ratio: over the linear layers' GEMMs only.
    const double linear_gemm_ms = gemm_s * 1e3, attention_gemm_ms = attention_gemm_s * 1e3;
    const double gemm_ms = linear_gemm_ms + attention_gemm_ms, forward_ms = median * 1e3;
    // cpu_ratio: the same with the process's CPU time (all threads) instead of wall time, which
    // stays meaningful while other processes share the CPU.
    std::printf(
        "FLOOR gemm_ms=%.3f forward_ms=%.3f ratio=%.3f linear_gemm_ms=%.3f "
        "attention_gemm_ms=%.3f linear_ratio=%.3f gemm_cpu_ms=%.3f forward_cpu_ms=%.3f "
        "cpu_ratio=%.3f\n",
        gemm_ms, forward_ms, forward_ms / gemm_ms, linear_gemm_ms, attention_gemm_ms,
        forward_ms / linear_gemm_ms, gemm_cpu_s * 1e3, median_cpu * 1e3,
        gemm_cpu_s > 0 ? median_cpu / gemm_cpu_s : 0.0);
    if (precision == "int8")
      PrintKernelFloor(model, *batch_n, *seq, *threads, gemm_ms, bf16_attention);
  }
  const double linear_tops = linear_ms > 0 ? linear_ops / (linear_ms / 1e3) / 1e12 : 0;
  const double peak_tops = gemm_s > 0 ? linear_ops / gemm_s / 1e12 : 0;
  const MemoryStats end = ReadMemoryStats();
  std::printf(
      "RESULT precision=%s batch=%lld seq=%lld threads=%lld median_ms=%.3f p90_ms=%.3f "
      "median_cpu_ms=%.3f "
      "seq_per_s=%.1f tokens_per_s=%.0f linear_ms=%.3f linear_tops=%.3f gemm_peak_tops=%.3f "
      "pct_of_peak=%.1f weight_bytes=%zu fp32_weight_bytes=%zu rss_after_load_mb=%.1f "
      "peak_rss_mb=%.1f "
      "load_s=%.3f isa=%s int8_family=%s\n",
      precision.c_str(), static_cast<long long>(*batch_n), static_cast<long long>(*seq),
      static_cast<long long>(*threads), median * 1e3, p90 * 1e3, median_cpu * 1e3,
      *batch_n / median, rows / median, linear_ms, linear_tops, peak_tops,
      peak_tops > 0 ? 100.0 * linear_tops / peak_tops : 0.0, model.weight_bytes(),
      model.fp32_weight_bytes(), after_load.rss_bytes / 1048576.0, end.peak_rss_bytes / 1048576.0,
      model.load_seconds(), IsaName(DetectedIsa()), Int8KernelFamily());
  (void)before;
  return 0;
}

}  // namespace octet::cli
