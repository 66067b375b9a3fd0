#pragma once
// The credentials octet-server listens with: plaintext, TLS (--tls_cert/--tls_key), or mutual TLS
// (plus --tls_client_ca: clients must present a certificate signed by that CA). With
// --api_key_file, every call except grpc.health.v1 must carry the key (server/api_key_auth.h).

#include <memory>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"
#include "server/server_config.h"

namespace octet::server {

/// Reads the PEM files and the key file named by `config` and builds the credentials. Errors
/// name the flag, the file and the reason (unreadable, empty, not PEM of the expected kind).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerConfig& config);

}  // namespace octet::server
