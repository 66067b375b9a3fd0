#pragma once
// A small parser for `octet SUBCOMMAND [--flag value | --switch]… [positional…]`.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace octet::cli {

struct ParsedArgs {
  std::map<std::string, std::string> values;  // --name value (or --name=value)
  std::set<std::string> switches;             // --name
  std::vector<std::string> positional;

  std::optional<std::string> Get(const std::string& name) const;
  bool Has(const std::string& name) const { return switches.count(name) > 0; }
  /// An integer flag, or `fallback` when absent; InvalidArgument when not an integer.
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t fallback) const;
};

/// Parses argv[first..argc). `value_flags` take a value; `switch_flags` do not. Anything else
/// starting with "--" is an error naming the flag. "--" ends flag parsing.
absl::StatusOr<ParsedArgs> ParseArgs(int argc, char** argv, int first,
                                     const std::set<std::string>& value_flags,
                                     const std::set<std::string>& switch_flags);

}  // namespace octet::cli
