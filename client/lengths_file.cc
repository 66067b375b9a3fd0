#include "client/lengths_file.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace octet::cli {

absl::StatusOr<std::vector<int64_t>> ReadLengthsFile(const std::string& path, int64_t min_length,
                                                     int64_t max_length) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrFormat("cannot open lengths file '%s'", path));
  std::vector<int64_t> lengths;
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text.front() == '#') continue;
    int64_t length = 0;
    if (!absl::SimpleAtoi(text, &length) || length < min_length || length > max_length) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s:%d: expected a token length in [%d, %d], got '%s'", path, number,
                          min_length, max_length, std::string(text.substr(0, 40))));
    }
    lengths.push_back(length);
  }
  if (lengths.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: no token lengths in the file", path));
  }
  return lengths;
}

}  // namespace octet::cli
