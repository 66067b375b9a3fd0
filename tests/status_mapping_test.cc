// The one absl::Status → grpc::Status mapping (server/status_mapping.cc).

#include "server/status_mapping.h"

#include <string>

#include "gtest/gtest.h"

namespace octet::server {
namespace {

TEST(StatusMapping, EveryAbslCodeMapsAsDocumented) {
  struct Case {
    absl::StatusCode from;
    grpc::StatusCode to;
  };
  const Case cases[] = {
      {absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
      {absl::StatusCode::kOutOfRange, grpc::StatusCode::INVALID_ARGUMENT},
      {absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
      {absl::StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
      {absl::StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
      {absl::StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
      {absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kUnknown, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kDataLoss, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kAborted, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kPermissionDenied, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kUnauthenticated, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kUnimplemented, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kAlreadyExists, grpc::StatusCode::INTERNAL},
  };
  for (const Case& c : cases) {
    const grpc::Status s = ToGrpcStatus(absl::Status(c.from, "why"));
    EXPECT_EQ(s.error_code(), c.to) << absl::StatusCodeToString(c.from);
    EXPECT_EQ(s.error_message(), "why");
  }
}

TEST(StatusMapping, OkStaysOkWithoutMessage) {
  const grpc::Status s = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.error_message(), "");
}

TEST(StatusMapping, UnknownNumericCodeIsInternal) {
  const grpc::Status s = ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(42), "odd"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
}

TEST(StatusMapping, LongMessagesAreCutAtACharacterBoundary) {
  std::string message(2000, 'x');
  message.replace(1023, 2, "é");  // a two-byte character straddling the 1 KiB cut
  const grpc::Status s = ToGrpcStatus(absl::InvalidArgumentError(message));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LE(s.error_message().size(), 1024u + 3u);
  EXPECT_EQ(s.error_message().substr(0, 1023), std::string(1023, 'x'));
  EXPECT_EQ(s.error_message().substr(1023), "…");
}

}  // namespace
}  // namespace octet::server
