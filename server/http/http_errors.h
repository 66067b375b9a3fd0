#pragma once
// The one JSON error body of the HTTP API and the status mapping behind it:
//   {"error": message, "error_type": type, "code": http status, "status": gRPC code name}.
// The gRPC code comes from ToGrpcStatus (server/status_mapping.h), the HTTP status from it by
// the googleapis HTTP mapping. Messages are the gRPC ones (cut to 1 KiB, never the input).

#include "absl/status/status.h"
#include "server/http/http_message.h"

namespace octet::server::http {

/// googleapis' mapping of a gRPC code (as absl::StatusCode, number for number) to HTTP:
/// INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE 400; UNAUTHENTICATED 401;
/// PERMISSION_DENIED 403; NOT_FOUND 404; ALREADY_EXISTS, ABORTED 409; RESOURCE_EXHAUSTED 429;
/// CANCELLED 499; UNIMPLEMENTED 501; UNAVAILABLE 503; DEADLINE_EXCEEDED 504; else 500.
int HttpStatusForGrpcCode(absl::StatusCode grpc_code);

/// The gRPC code an HTTP error carries: ToGrpcStatus's, except the HTTP layer's own
/// UNIMPLEMENTED (method not allowed) and UNAUTHENTICATED (API key), which it keeps.
absl::StatusCode WireCode(const absl::Status& status);

/// The error response for `status` (not OK): the gRPC code is ToGrpcStatus's, the HTTP status
/// `http_status` or, when 0, HttpStatusForGrpcCode's; `error_type` overrides the one derived
/// from them. 429 and 503 carry Retry-After.
HttpResponse ErrorResponse(const absl::Status& status, int http_status = 0,
                           const char* error_type = nullptr);

}  // namespace octet::server::http
