#include "server/tls_options.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "core/base/flag_file.h"
#include "core/base/status_macros.h"
#include "grpcpp/security/server_credentials.h"
#include "server/api_key_auth.h"

namespace octet::server {
namespace {

// Guards against swapped or wrong files: gRPC itself only says "handshake failed" later.
absl::StatusOr<std::string> ReadPem(const char* flag, const std::string& path, const char* marker,
                                    const char* what) {
  OCTET_ASSIGN_OR_RETURN(std::string pem, ReadFlagFile(flag, path));
  if (!absl::StrContains(pem, "-----BEGIN ") || !absl::StrContains(pem, marker)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--%s: expected a PEM %s in '%s'", flag, what, path));
  }
  return pem;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerConfig& config) {
  if (config.tls_cert.empty()) return grpc::InsecureServerCredentials();

  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  OCTET_ASSIGN_OR_RETURN(pair.cert_chain, ReadPem("tls_cert", config.tls_cert, "CERTIFICATE-----",
                                                  "certificate chain"));
  OCTET_ASSIGN_OR_RETURN(pair.private_key,
                         ReadPem("tls_key", config.tls_key, "PRIVATE KEY-----", "private key"));

  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!config.tls_client_ca.empty()) {
    OCTET_ASSIGN_OR_RETURN(options.pem_root_certs, ReadPem("tls_client_ca", config.tls_client_ca,
                                                           "CERTIFICATE-----", "CA certificate"));
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(options);

  if (!config.api_key_file.empty()) {
    OCTET_ASSIGN_OR_RETURN(const std::string api_key,
                           ReadFlagFile("api_key_file", config.api_key_file));
    OCTET_ASSIGN_OR_RETURN(auto processor, ApiKeyAuthProcessor::Create(api_key));
    credentials->SetAuthMetadataProcessor(std::move(processor));
  }
  return credentials;
}

}  // namespace octet::server
