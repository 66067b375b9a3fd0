#include "client/cli.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "client/commands.h"
#include "core/base/logging.h"
#include "core/runtime/openmp_spin.h"

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
    "      time the in-process engine on synthetic inputs; prints a RESULT line.\n"
    "  bench-mixed --model DIR --lengths FILE [--batch 1,8,32] [--threads N] [--limit N]\n"
    "              [--reps R] [--precision int8|fp32]\n"
    "      replay a list of token lengths (one a line) through the in-process engine in\n"
    "      padding-free batches of each size, in file order; a RESULT line per batch size\n"
    "      with sequences/s, tokens/s and the tokens padded batches would have computed.\n"
    "  bench-tokenize --model DIR [--iters K]\n"
    "      tokenizer speed on 64 KiB inputs (prose, accents, CJK, emoji, one long word) and the\n"
    "      cost per MB of one word from 16 KiB to 1 MiB; prints a RESULT line.\n"
    "  eval --model DIR --data FILE.jsonl [--json] [--threads N] [--batch B] [--aggregation A]\n"
    "      accuracy (classification: {\"text\", \"label\"}), SQuAD exact match / F1 (QA:\n"
    "      {\"question\", \"context\", \"answers\"}) or entity precision / recall / F1 (NER:\n"
    "      {\"text\", \"entities\": [{\"start\", \"end\", \"label\"}]}, --aggregation first\n"
    "      (default), simple, average or max) in FP32 and INT8 side by side, with agreement,\n"
    "      latency, throughput, weight bytes, file size and RSS; --json for JSON.\n"
    "\n"
    "commands that call a running octet-server (--addr HOST:PORT, default localhost:50051;\n"
    "--json prints the response as JSON; TLS: --tls (system CAs) or --tls-ca FILE, a client\n"
    "certificate with --tls-cert FILE --tls-key FILE, an API key with --api-key-file FILE):\n"
    "  classify [--model M] [--top-k K] [--function softmax|sigmoid|none] [--truncate]\n"
    "           [--pair P] TEXT...\n"
    "  answer [--model M] --question Q --context C [--top-k K] [--max-answer-len N]\n"
    "         [--max-seq-len N] [--doc-stride N] [--impossible]\n"
    "  tag [--model M] [--aggregation none|simple|first|average|max] [--ignore A,B]\n"
    "      [--keep-all] [--stride N] TEXT...\n"
    "      token classification (NER): entities with label, score and [start, end) in code\n"
    "      points (default aggregation simple, ignoring O).\n"
    "  zero-shot [--model M] --labels A,B,C [--template T] [--multi-label] TEXT...\n"
    "      zero-shot classification with an NLI model (template default \"This example is {}.\").\n"
    "  rerank [--model M] --query Q [--top-n N] [--raw-scores] [--truncate] TEXT...\n"
    "      the texts by relevance to the query with a cross-encoder, best first.\n"
    "  models                  the loaded models, their self-check and counters\n"
    "  health [--service S]    grpc.health.v1 status of the server and each model\n"
    "  bench [--model M] [--concurrency C] [--duration S | --requests N]\n"
    "        [--tokens L | --tokens MIN-MAX | --lengths FILE] [--texts T] [--warmup N]\n"
    "      load generator: live progress on stderr, then throughput, latency p50/p90/p99,\n"
    "      server-side timings and errors by code; prints a RESULT line. --lengths replays a\n"
    "      list of token lengths (one a line): request i sends texts of the listed lengths.\n";

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

namespace {

int Usage() {
  std::fputs(kUsage, stdout);
  return 0;
}

}  // namespace

int Run(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  int (*run)(int, char**) = nullptr;
  if (command == "tokenize") run = TokenizeCommand;
  if (command == "predict") run = PredictCommand;
  if (command == "bench-engine") run = BenchEngineCommand;
  if (command == "bench-mixed") run = BenchMixedCommand;
  if (command == "bench-tokenize") run = BenchTokenizeCommand;
  if (command == "eval") run = EvalCommand;
  if (command == "classify") run = ClassifyCommand;
  if (command == "answer") run = AnswerCommand;
  if (command == "models") run = ModelsCommand;
  if (command == "tag") run = TagCommand;
  if (command == "zero-shot") run = ZeroShotCommand;
  if (command == "rerank") run = RerankCommand;
  if (command == "health") run = HealthCommand;
  if (command == "bench") run = BenchCommand;
  if (run == nullptr) {
    std::fprintf(stderr, "octet: error: unknown command '%s'\n%s", command.c_str(), kUsage);
    return 2;
  }
  // The commands that run the engine in this process bound OpenMP's spinning as the server does
  // (a re-execution with GOMP_SPINCOUNT set, unless the user set it or OMP_WAIT_POLICY).
  if (run == PredictCommand || run == BenchEngineCommand || run == BenchMixedCommand ||
      run == EvalCommand) {
    if (absl::Status s = BoundOpenMpSpinning(argv); !s.ok()) {
      std::fprintf(stderr, "octet: warning: %s\n", std::string(s.message()).c_str());
    }
  }
  // `octet COMMAND --help` (anywhere before a `--`) or `octet COMMAND -h`: the usage, which
  // describes every command. After `--` both are ordinary arguments (e.g. a text "-h").
  if (argc > 2 && !std::strcmp(argv[2], "-h")) return Usage();
  for (int i = 2; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (!std::strcmp(argv[i], "--help")) return Usage();
  }
  return run(argc - 2, argv + 2);
}

}  // namespace octet::cli
