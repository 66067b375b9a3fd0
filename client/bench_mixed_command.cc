// `octet bench-mixed`: replays a list of token lengths (a mixed-length workload, e.g.
// tests/bench/data/review_lengths.txt) through the in-process engine in padding-free batches of
// each requested size, in file order, and prints one RESULT line per batch size: sequences and
// tokens per second, and how many tokens a padded engine would compute for the same batches.

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/args.h"
#include "client/commands.h"
#include "client/lengths_file.h"
#include "core/models/model.h"

namespace octet::cli {
namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

absl::StatusOr<std::vector<int64_t>> ParseBatchSizes(const std::string& spec) {
  std::vector<int64_t> sizes;
  for (absl::string_view part : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    int64_t b = 0;
    if (!absl::SimpleAtoi(part, &b) || b < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--batch expects batch sizes ≥ 1 separated by commas (e.g. 1,8,32), got '", spec, "'"));
    }
    sizes.push_back(b);
  }
  if (sizes.empty()) return absl::InvalidArgumentError("--batch: no batch size given");
  return sizes;
}

// Token ids of every sequence of the workload, drawn once so that each batch size sees the same
// texts: [CLS] random ids [SEP].
std::vector<std::vector<int32_t>> SyntheticSequences(const Model& model,
                                                     const std::vector<int64_t>& lengths) {
  std::mt19937 rng(1234);
  const int64_t vocab = model.config().vocab_size;
  const int64_t low = vocab > 2000 ? 1000 : 5;
  std::uniform_int_distribution<int32_t> id(static_cast<int32_t>(low),
                                            static_cast<int32_t>(vocab - 1));
  std::vector<std::vector<int32_t>> sequences;
  for (const int64_t n : lengths) {
    std::vector<int32_t> ids(static_cast<size_t>(n));
    for (auto& v : ids) v = id(rng);
    ids.front() = model.tokenizer().cls_id();
    ids.back() = model.tokenizer().sep_id();
    sequences.push_back(std::move(ids));
  }
  return sequences;
}

// The workload cut into consecutive batches of `size` sequences (the last one may be smaller).
std::vector<SequenceBatch> CutIntoBatches(const std::vector<std::vector<int32_t>>& sequences,
                                          int64_t size) {
  std::vector<SequenceBatch> batches;
  for (size_t i = 0; i < sequences.size(); i += static_cast<size_t>(size)) {
    SequenceBatch b;
    for (size_t j = i; j < std::min(sequences.size(), i + static_cast<size_t>(size)); ++j) {
      b.Add(sequences[j], {});
    }
    batches.push_back(std::move(b));
  }
  return batches;
}

// Tokens a padded engine computes for `b`: every sequence padded to the batch's longest.
int64_t PaddedTokens(const SequenceBatch& b) {
  int64_t longest = 0;
  for (int64_t i = 0; i < b.num_sequences(); ++i) longest = std::max(longest, b.length(i));
  return longest * b.num_sequences();
}

}  // namespace

int BenchMixedCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0,
                        {"model", "lengths", "batch", "threads", "limit", "reps", "precision"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  auto dir = args->Get("model");
  auto lengths_path = args->Get("lengths");
  if (!dir || !lengths_path) {
    return Fail(absl::InvalidArgumentError("bench-mixed needs --model DIR and --lengths FILE"), 2);
  }
  auto threads = args->GetInt("threads", 1), limit = args->GetInt("limit", 0),
       reps = args->GetInt("reps", 1);
  for (const auto* v : {&threads, &limit, &reps}) {
    if (!v->ok()) return Fail(v->status(), 2);
  }
  if (*threads < 1 || *limit < 0 || *reps < 1) {
    return Fail(absl::InvalidArgumentError("--threads and --reps must be ≥ 1, --limit ≥ 0"), 2);
  }
  auto batch_sizes = ParseBatchSizes(args->Get("batch").value_or("1,8,32"));
  if (!batch_sizes.ok()) return Fail(batch_sizes.status(), 2);
  const std::string precision = args->Get("precision").value_or("int8");
  if (precision != "int8" && precision != "fp32") {
    return Fail(absl::InvalidArgumentError(
                    absl::StrCat("--precision expects int8 or fp32, got '", precision, "'")),
                2);
  }
  LoadOptions load;
  load.precision.base = precision == "int8" ? Precision::kInt8 : Precision::kFp32;
  load.progress = LoadProgressPrinter();
  omp_set_num_threads(static_cast<int>(*threads));
  auto model_or = Model::Load(*dir, load);
  if (!model_or.ok()) return Fail(model_or.status());
  const Model& model = **model_or;

  auto lengths = ReadLengthsFile(*lengths_path, 2, model.config().max_sequence_length());
  if (!lengths.ok()) return Fail(lengths.status(), 2);
  if (*limit > 0 && static_cast<size_t>(*limit) < lengths->size()) lengths->resize(*limit);
  const std::vector<std::vector<int32_t>> sequences = SyntheticSequences(model, *lengths);
  int64_t total_tokens = 0, longest = 0;
  for (const int64_t n : *lengths) {
    total_tokens += n;
    longest = std::max(longest, n);
  }
  std::printf("workload: %zu sequences, %lld tokens, mean %.1f, longest %lld (%s)\n",
              lengths->size(), static_cast<long long>(total_tokens),
              static_cast<double>(total_tokens) / static_cast<double>(lengths->size()),
              static_cast<long long>(longest), lengths_path->c_str());

  Workspace ws(static_cast<int>(*threads));
  Matrix logits;
  for (const int64_t size : *batch_sizes) {
    const std::vector<SequenceBatch> batches = CutIntoBatches(sequences, size);
    int64_t padded = 0;
    size_t biggest = 0;
    for (size_t i = 0; i < batches.size(); ++i) {
      if (auto s = model.ValidateBatch(batches[i]); !s.ok()) return Fail(s);
      padded += PaddedTokens(batches[i]);
      if (batches[i].num_tokens() > batches[biggest].num_tokens()) biggest = i;
    }
    // Warm-up: the first batch and the one with the most tokens (workspaces reach their size).
    for (const size_t i : {size_t{0}, biggest}) {
      if (auto s = model.Forward(batches[i], &ws, &logits); !s.ok()) return Fail(s);
    }
    std::vector<double> pass_seconds, pass_cpu_seconds, batch_ms;
    for (int64_t rep = 0; rep < *reps; ++rep) {
      const std::clock_t cpu_begin = std::clock();  // the process's CPU time, all threads
      const auto begin = std::chrono::steady_clock::now();
      for (const SequenceBatch& b : batches) {
        const auto t0 = std::chrono::steady_clock::now();
        if (auto s = model.Forward(b, &ws, &logits); !s.ok()) return Fail(s);
        batch_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
      }
      pass_seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
      pass_cpu_seconds.push_back(static_cast<double>(std::clock() - cpu_begin) / CLOCKS_PER_SEC);
    }
    const double seconds = Median(pass_seconds);
    const double sequences_n = static_cast<double>(lengths->size());
    std::printf(
        "RESULT engine=octet precision=%s batch=%lld threads=%lld sequences=%zu tokens=%lld "
        "padded_tokens=%lld batches=%zu reps=%lld seconds=%.4f seq_per_s=%.2f tokens_per_s=%.1f "
        "batch_p50_ms=%.3f cpu_seconds=%.3f\n",
        precision.c_str(), static_cast<long long>(size), static_cast<long long>(*threads),
        lengths->size(), static_cast<long long>(total_tokens), static_cast<long long>(padded),
        batches.size(), static_cast<long long>(*reps), seconds, sequences_n / seconds,
        static_cast<double>(total_tokens) / seconds, Median(batch_ms), Median(pass_cpu_seconds));
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace octet::cli
