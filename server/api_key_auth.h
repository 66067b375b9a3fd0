#pragma once
// API-key authentication: every call must carry the metadata `authorization: Bearer <key>`,
// except the grpc.health.v1 service, which stays open so that probes need no secret. A call
// without the key, or with another one, fails with UNAUTHENTICATED before any handler runs.
//
// Runs as gRPC's AuthMetadataProcessor, which gRPC 1.51 calls only on secure (TLS) ports; the
// configuration therefore requires TLS with an API key, which also keeps the key off the wire in
// plaintext.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_metadata_processor.h"

namespace octet::server {

/// True when `a` and `b` are equal. The time taken depends only on their lengths, not on where
/// they differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

class ApiKeyAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  /// `file_content`: the key file; surrounding whitespace (a trailing newline) is ignored. The
  /// key must be 16 to 4096 visible ASCII characters (what fits in a metadata value).
  static absl::StatusOr<std::shared_ptr<ApiKeyAuthProcessor>> Create(
      absl::string_view file_content);

  /// Cheap: runs on gRPC's own thread.
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  explicit ApiKeyAuthProcessor(std::string key) : key_(std::move(key)) {}

  const std::string key_;
};

/// The check itself, for a call to `path` ("/package.Service/Method") with the given
/// `authorization` metadata (null when absent).
grpc::Status CheckApiKey(absl::string_view expected_key, absl::string_view path,
                         const absl::string_view* authorization);

}  // namespace octet::server
