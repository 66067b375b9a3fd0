#pragma once
// Test certificates made with the `openssl` command at test time: a CA, a server certificate for
// localhost / 127.0.0.1 signed by it, a client certificate signed by it, and a client certificate
// from an unrelated CA. Nothing secret is committed to the repository.

#include <string>

#include "absl/status/statusor.h"

namespace octet::testing {

struct TestCertificates {
  std::string dir;  ///< where the files live (a fresh temporary directory)
  std::string ca_cert;
  std::string server_cert, server_key;
  std::string client_cert, client_key;
  std::string foreign_client_cert, foreign_client_key;  ///< signed by another CA

  /// The content of one of the files above.
  static std::string Read(const std::string& path);
};

/// Creates the certificates (EC P-256, valid for two days) in a new temporary directory.
absl::StatusOr<TestCertificates> MakeTestCertificates();

}  // namespace octet::testing
