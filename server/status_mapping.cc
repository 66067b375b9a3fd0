#include "server/status_mapping.h"

#include <string>

namespace octet::server {
namespace {

constexpr size_t kMaxMessageBytes = 1024;

grpc::StatusCode MapCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return grpc::StatusCode::OK;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case absl::StatusCode::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case absl::StatusCode::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case absl::StatusCode::kResourceExhausted:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case absl::StatusCode::kDeadlineExceeded:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    case absl::StatusCode::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case absl::StatusCode::kCancelled:
      return grpc::StatusCode::CANCELLED;
    default:
      return grpc::StatusCode::INTERNAL;
  }
}

// Cuts at a UTF-8 character boundary.
std::string Cut(absl::string_view message) {
  if (message.size() <= kMaxMessageBytes) return std::string(message);
  size_t n = kMaxMessageBytes;
  while (n > 0 && (static_cast<unsigned char>(message[n]) & 0xC0) == 0x80) --n;
  return std::string(message.substr(0, n)) + "…";
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(MapCode(status.code()), Cut(status.message()));
}

}  // namespace octet::server
