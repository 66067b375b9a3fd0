#pragma once
// The one place where an absl::Status becomes a grpc::Status.

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace octet::server {

/// Maps the engine's and the server's status codes onto the API's gRPC codes:
///   OK → OK; InvalidArgument and OutOfRange → INVALID_ARGUMENT; NotFound → NOT_FOUND;
///   FailedPrecondition → FAILED_PRECONDITION; ResourceExhausted → RESOURCE_EXHAUSTED;
///   DeadlineExceeded → DEADLINE_EXCEEDED; Unavailable → UNAVAILABLE; Cancelled → CANCELLED;
///   anything else (Internal, Unknown, DataLoss, ...) → INTERNAL.
/// The message is kept (cut to 1 KiB so that no input is ever echoed at length).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace octet::server
