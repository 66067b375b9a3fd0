// `octet eval --model DIR --data FILE.jsonl [--json] [--threads N] [--batch B]
// [--aggregation first|simple|average|max]`: runs the model in FP32 and in INT8 over a labelled
// file and prints one comparison table (client/eval.h).

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "client/args.h"
#include "client/commands.h"
#include "client/eval.h"

namespace octet::cli {

int EvalCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0,
                        {"model", "data", "threads", "batch", "warmup", "aggregation"}, {"json"});
  if (!args.ok()) return Fail(args.status(), 2);
  auto model = args->Get("model");
  auto data = args->Get("data");
  if (!model || !data) {
    return Fail(absl::InvalidArgumentError("eval needs --model DIR and --data FILE.jsonl"), 2);
  }
  if (!args->positional.empty()) {
    return Fail(absl::InvalidArgumentError(absl::StrCat("eval takes no positional arguments, got '",
                                                        args->positional.front(), "'")),
                2);
  }
  auto threads = args->GetInt("threads", 1), batch = args->GetInt("batch", 1),
       warmup = args->GetInt("warmup", 8);
  for (const auto* v : {&threads, &batch, &warmup}) {
    if (!v->ok()) return Fail(v->status(), 2);
  }
  if (*threads < 1 || *batch < 1 || *warmup < 0) {
    return Fail(absl::InvalidArgumentError("--threads and --batch must be ≥ 1, --warmup ≥ 0"), 2);
  }
  EvalOptions options;
  options.model_dir = *model;
  options.data_path = *data;
  options.threads = static_cast<int>(*threads);
  options.batch = static_cast<int>(*batch);
  options.warmup = static_cast<int>(*warmup);
  if (auto aggregation = args->Get("aggregation")) {
    bool known = false;
    for (Aggregation a : {Aggregation::kNone, Aggregation::kSimple, Aggregation::kFirst,
                          Aggregation::kAverage, Aggregation::kMax}) {
      if (*aggregation == AggregationName(a)) options.aggregation = a, known = true;
    }
    if (!known) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat(
              "--aggregation: expected first, simple, average or max, got '", *aggregation, "'")),
          2);
    }
  }
  if (isatty(fileno(stderr))) {
    options.load_progress = LoadProgressPrinter();
    options.progress = [](const std::string& precision, int64_t done, int64_t total) {
      if (done != total && done % 16 != 0) return;
      std::fprintf(stderr, "\roctet: eval %s: %lld/%lld%s", precision.c_str(),
                   static_cast<long long>(done), static_cast<long long>(total),
                   done == total ? "\n" : "");
    };
  }
  auto report = RunEval(options);
  if (!report.ok()) return Fail(report.status());
  if (args->Has("json")) {
    std::cout << EvalReportJson(*report) << "\n";
  } else {
    std::cout << FormatEvalReport(*report);
  }
  return 0;
}

}  // namespace octet::cli
