#include "server/tls_options.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "core/base/flag_file.h"
#include "grpcpp/security/server_credentials.h"
#include "server/api_key_auth.h"

namespace octet::server {
namespace {

// Guards against swapped or wrong files: gRPC itself only says "handshake failed" later.
absl::StatusOr<std::string> ReadPem(const char* flag, const std::string& path, const char* marker,
                                    const char* what) {
  auto pem = ReadFlagFile(flag, path);
  if (!pem.ok()) return pem.status();
  if (!absl::StrContains(*pem, "-----BEGIN ") || !absl::StrContains(*pem, marker)) {
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
  auto cert = ReadPem("tls_cert", config.tls_cert, "CERTIFICATE-----", "certificate chain");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("tls_key", config.tls_key, "PRIVATE KEY-----", "private key");
  if (!key.ok()) return key.status();
  pair.cert_chain = *std::move(cert);
  pair.private_key = *std::move(key);

  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!config.tls_client_ca.empty()) {
    auto ca = ReadPem("tls_client_ca", config.tls_client_ca, "CERTIFICATE-----", "CA certificate");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *std::move(ca);
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(options);

  if (!config.api_key_file.empty()) {
    auto api_key = ReadFlagFile("api_key_file", config.api_key_file);
    if (!api_key.ok()) return api_key.status();
    auto processor = ApiKeyAuthProcessor::Create(*api_key);
    if (!processor.ok()) return processor.status();
    credentials->SetAuthMetadataProcessor(*std::move(processor));
  }
  return credentials;
}

}  // namespace octet::server
