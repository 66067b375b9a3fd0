#pragma once
// Runs the built `octet` command-line client as a child process, for tests.

#include <string>

namespace octet::testing {

struct CliResult {
  int exit_code = -1;  ///< -1 when the process could not be started or did not exit normally
  std::string out, err;
};

/// Runs `octet ARGS` (shell-split) with `input` on stdin; captures stdout and stderr.
CliResult RunOctet(const std::string& args, const std::string& input = "");

}  // namespace octet::testing
