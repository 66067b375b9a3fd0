#pragma once
// A workload of token lengths for the mixed-length benchmarks: one length per line, replayed in
// file order (tests/bench/data/review_lengths.txt is the committed one).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace octet::cli {

/// Reads one token count per line. Blank lines and lines starting with '#' are skipped;
/// anything else must be an integer in [min_length, max_length]. InvalidArgument names the file,
/// the line and what it holds; NotFound when the file cannot be opened, InvalidArgument when it
/// holds no length.
absl::StatusOr<std::vector<int64_t>> ReadLengthsFile(const std::string& path, int64_t min_length,
                                                     int64_t max_length);

}  // namespace octet::cli
