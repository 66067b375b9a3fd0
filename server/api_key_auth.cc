#include "server/api_key_auth.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"

namespace octet::server {
namespace {

constexpr absl::string_view kHealthPrefix = "/grpc.health.v1.Health/";
constexpr size_t kMinKeyBytes = 16;
constexpr size_t kMaxKeyBytes = 4096;

absl::string_view ToView(const grpc::string_ref& s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  // Every byte of the longer string is visited whatever the content; a length mismatch is folded
  // into the result instead of returning early.
  const size_t n = a.size() > b.size() ? a.size() : b.size();
  uint8_t diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t x = i < a.size() ? static_cast<uint8_t>(a[i]) : 0;
    const uint8_t y = i < b.size() ? static_cast<uint8_t>(b[i]) : 0;
    diff |= static_cast<uint8_t>(x ^ y);
  }
  return diff == 0;
}

absl::StatusOr<std::shared_ptr<ApiKeyAuthProcessor>> ApiKeyAuthProcessor::Create(
    absl::string_view file_content) {
  const absl::string_view key = absl::StripAsciiWhitespace(file_content);
  if (key.size() < kMinKeyBytes || key.size() > kMaxKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--api_key_file: expected a key of %d to %d characters, got %d",
                        kMinKeyBytes, kMaxKeyBytes, key.size()));
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          "--api_key_file: the key must be one line of visible ASCII characters (no spaces)");
    }
  }
  return std::shared_ptr<ApiKeyAuthProcessor>(new ApiKeyAuthProcessor(std::string(key)));
}

grpc::Status CheckApiKey(absl::string_view expected_key, absl::string_view path,
                         const absl::string_view* authorization) {
  if (absl::StartsWith(path, kHealthPrefix)) return grpc::Status::OK;
  if (authorization == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing API key: send the metadata 'authorization: Bearer <key>'");
  }
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization->size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(authorization->substr(0, kScheme.size()), kScheme)) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "authorization metadata: expected 'Bearer <key>'");
  }
  const absl::string_view key = absl::StripAsciiWhitespace(authorization->substr(kScheme.size()));
  if (!ConstantTimeEquals(key, expected_key)) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid API key");
  }
  return grpc::Status::OK;
}

grpc::Status ApiKeyAuthProcessor::Process(const InputMetadata& auth_metadata,
                                          grpc::AuthContext* /*context*/,
                                          OutputMetadata* consumed_auth_metadata,
                                          OutputMetadata* /*response_metadata*/) {
  absl::string_view path;
  if (auto it = auth_metadata.find(":path"); it != auth_metadata.end()) path = ToView(it->second);
  auto it = auth_metadata.find("authorization");
  if (it == auth_metadata.end()) return CheckApiKey(key_, path, nullptr);
  const absl::string_view value = ToView(it->second);
  grpc::Status status = CheckApiKey(key_, path, &value);
  // The key stays out of what the handlers see.
  if (status.ok()) consumed_auth_metadata->emplace("authorization", std::string(value));
  return status;
}

}  // namespace octet::server
