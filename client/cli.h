#pragma once
// The `octet` command-line tool: dispatches subcommands.

namespace octet::cli {

/// Runs `octet ARGS…`; returns the process exit code. Errors are one line on stderr.
int Run(int argc, char** argv);

}  // namespace octet::cli
