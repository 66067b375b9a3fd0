#pragma once
// octet-server's command-line flags (Abseil flags) → ServerConfig.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/cpu_budget.h"
#include "server/server_config.h"

namespace octet::server {

/// Parses the command line. `--model NAME=DIR` may be repeated (Abseil flags keep only the last
/// value of a repeated flag, so those are collected here first). `--help` prints the usage and
/// exits 0; an unknown flag exits 1 (Abseil's behaviour). Worker layout flags left at 0 get
/// defaults that fit `budget`; `warnings` receives what the operator should know.
absl::StatusOr<ServerConfig> ParseCommandLine(int argc, char** argv, const CpuBudget& budget,
                                              std::vector<std::string>* warnings);

}  // namespace octet::server
