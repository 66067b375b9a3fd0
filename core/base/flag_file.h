#pragma once
// Reading a small file named by a command-line flag (certificates, keys, API keys).

#include <string>

#include "absl/status/statusor.h"

namespace octet {

/// The whole content of `path`. Errors are INVALID_ARGUMENT and name the flag:
/// "--tls_cert: cannot read 'x.pem': No such file or directory", "--api_key_file: 'k' is empty".
absl::StatusOr<std::string> ReadFlagFile(const char* flag, const std::string& path);

}  // namespace octet
