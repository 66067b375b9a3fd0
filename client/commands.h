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

/// `octet bench-engine --model DIR [--batch B] [--seq T] [--threads N] [--precision P]
/// [--iters K]`: in-process forward timing; prints a RESULT line.
int BenchEngineCommand(int argc, char** argv);

/// A load-progress callback that redraws "loading: layer i/n" on stderr when it is a terminal.
std::function<void(int64_t, int64_t)> LoadProgressPrinter();

/// Prints "octet: error: MESSAGE" to stderr and returns `exit_code`.
int Fail(const absl::Status& status, int exit_code = 1);

}  // namespace octet::cli
