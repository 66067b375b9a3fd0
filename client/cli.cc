#include "client/cli.h"

#include <cstdio>
#include <cstring>

#include <unistd.h>

#include "client/commands.h"
#include "core/logging.h"

namespace octet::cli {
namespace {

constexpr char kUsage[] =
    "usage: octet COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  tokenize --model DIR [--no-special]\n"
    "      JSON lines {\"text\": ..., \"text_pair\": ...} on stdin -> tokens, ids, type_ids and\n"
    "      code-point offsets, one JSON line per input.\n"
    "  predict --model DIR [--json] TEXT...\n"
    "  predict --model DIR [--json] --question Q --context C\n"
    "      load a model folder in-process and print its predictions; --json adds raw logits;\n"
    "      --precision int8 (default) or fp32; --top-k K answers (QA).\n"
    "  bench-engine --model DIR [--batch B] [--seq T] [--threads N] [--precision int8|fp32]\n"
    "               [--iters K] [--warmup W] [--fp32-layers a,b] [--no-gemm-peak]\n"
    "      time the in-process engine on synthetic inputs; prints a RESULT line.\n";

}  // namespace

std::function<void(int64_t, int64_t)> LoadProgressPrinter() {
  if (!isatty(fileno(stderr))) return {};
  return [](int64_t done, int64_t total) {
    std::fprintf(stderr, "\roctet: loading and quantizing: layer %lld/%lld%s",
                 static_cast<long long>(done), static_cast<long long>(total),
                 done == total ? "\n" : "");
  };
}

int Fail(const absl::Status& status, int exit_code) {
  std::fprintf(stderr, "octet: error: %s\n", std::string(status.message()).c_str());
  return exit_code;
}

int Run(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  if (command == "tokenize") return TokenizeCommand(argc - 2, argv + 2);
  if (command == "predict") return PredictCommand(argc - 2, argv + 2);
  if (command == "bench-engine") return BenchEngineCommand(argc - 2, argv + 2);
  std::fprintf(stderr, "octet: error: unknown command '%s'\n%s", command.c_str(), kUsage);
  return 2;
}

}  // namespace octet::cli
