#pragma once
// The `octet` subcommands. Each takes the arguments after its name and returns an exit code;
// errors are one line on stderr.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"

namespace octet::cli {

/// `octet tokenize --model DIR [--no-special]`: JSON lines in, JSON lines out.
int TokenizeCommand(int argc, char** argv);
/// `octet predict --model DIR [--json] [--precision P] TEXT…` or `--question Q --context C`.
int PredictCommand(int argc, char** argv);

/// `octet bench-tokenize --model DIR [--iters K]`: tokenizer MB/s on 64 KiB inputs of several
/// kinds and the cost per MB of one word from 16 KiB to 1 MiB; prints a RESULT line.
int BenchTokenizeCommand(int argc, char** argv);

/// `octet bench-engine --model DIR [--batch B] [--seq T] [--threads N] [--precision P]
/// [--iters K]`: in-process forward timing; prints a RESULT line.
int BenchEngineCommand(int argc, char** argv);

/// `octet bench-mixed --model DIR --lengths FILE [--batch 1,8,32] [--threads N] [--limit N]
/// [--reps R] [--precision P]`: a list of token lengths replayed through the engine in
/// padding-free batches of each size, in file order; one RESULT line per batch size.
int BenchMixedCommand(int argc, char** argv);

/// Subcommands that call a running octet-server over gRPC (all take --addr HOST:PORT, default
/// localhost:50051). Exit codes: 0 OK, 1 the RPC failed (code and message on stderr), 2 usage.
/// `octet classify [--model M] [--top-k K] [--function F] [--truncate] [--pair P] TEXT…`
int ClassifyCommand(int argc, char** argv);
/// `octet answer [--model M] --question Q --context C [--top-k K] [--impossible] …`
int AnswerCommand(int argc, char** argv);
/// `octet tag [--model M] [--aggregation none|simple|first|average|max] [--ignore A,B]
/// [--keep-all] [--stride N] TEXT…`: TagTokens (default aggregation simple).
int TagCommand(int argc, char** argv);
/// `octet zero-shot [--model M] --labels A,B,C [--template T] [--multi-label] TEXT…`
int ZeroShotCommand(int argc, char** argv);
/// `octet rerank [--model M] --query Q [--top-n N] [--raw-scores] [--truncate] TEXT…`
int RerankCommand(int argc, char** argv);
/// `octet models`: ListModels.
int ModelsCommand(int argc, char** argv);
/// `octet health [--service S]`: grpc.health.v1 Check of the server and every model; exit 0
/// only when all are SERVING.
int HealthCommand(int argc, char** argv);
/// `octet bench [--concurrency C] [--duration S | --requests N] [--tokens L|MIN-MAX |
/// --lengths FILE] …`: load generator.
int BenchCommand(int argc, char** argv);

/// `octet eval --model DIR --data FILE.jsonl [--json] [--threads N] [--batch B]`: FP32 vs INT8
/// accuracy / exact match, agreement, latency, size and memory in one table (client/eval.h).
int EvalCommand(int argc, char** argv);

/// A load-progress callback that redraws "loading: layer i/n" on stderr when it is a terminal.
std::function<void(int64_t, int64_t)> LoadProgressPrinter();

/// Prints "octet: error: MESSAGE" to stderr and returns `exit_code`.
int Fail(const absl::Status& status, int exit_code = 1);

}  // namespace octet::cli
