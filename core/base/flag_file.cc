#include "core/base/flag_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"

namespace octet {

absl::StatusOr<std::string> ReadFlagFile(const char* flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--%s: cannot read '%s': %s", flag, path, std::strerror(errno)));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    return absl::InvalidArgumentError(absl::StrFormat("--%s: error reading '%s'", flag, path));
  }
  if (content.str().empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("--%s: '%s' is empty", flag, path));
  }
  return content.str();
}

}  // namespace octet
