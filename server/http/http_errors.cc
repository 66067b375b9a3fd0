#include "server/http/http_errors.h"

#include <string>

#include "nlohmann/json.hpp"
#include "server/prometheus_metrics.h"
#include "server/status_mapping.h"

namespace octet::server::http {
namespace {

// The kind of error, in the spirit of TEI's error_type values.
const char* ErrorType(int http_status, absl::StatusCode code) {
  switch (http_status) {
    case 405:
      return "method_not_allowed";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    default:
      break;
  }
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return "validation";
    case absl::StatusCode::kNotFound:
      return "not_found";
    case absl::StatusCode::kResourceExhausted:
      return "overloaded";
    case absl::StatusCode::kUnavailable:
      return "unhealthy";
    case absl::StatusCode::kDeadlineExceeded:
      return "timeout";
    case absl::StatusCode::kUnauthenticated:
      return "unauthenticated";
    case absl::StatusCode::kCancelled:
      return "cancelled";
    default:
      return "backend";
  }
}

}  // namespace

int HttpStatusForGrpcCode(absl::StatusCode grpc_code) {
  switch (grpc_code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

absl::StatusCode WireCode(const absl::Status& status) {
  // ToGrpcStatus maps these engine codes, which would be bugs there, to INTERNAL.
  if (status.code() == absl::StatusCode::kUnimplemented ||
      status.code() == absl::StatusCode::kUnauthenticated) {
    return status.code();
  }
  return static_cast<absl::StatusCode>(ToGrpcStatus(status).error_code());
}

HttpResponse ErrorResponse(const absl::Status& status, int http_status, const char* error_type) {
  const grpc::Status mapped = ToGrpcStatus(status);
  const absl::StatusCode code = WireCode(status);
  HttpResponse out;
  out.status = http_status != 0 ? http_status : HttpStatusForGrpcCode(code);
  nlohmann::ordered_json body = {
      {"error", mapped.error_message()},
      {"error_type", error_type != nullptr ? error_type : ErrorType(out.status, code)},
      {"code", out.status},
      {"status", GrpcCodeName(code)}};
  // Messages are cut at a character boundary, but invalid UTF-8 in them must not throw.
  out.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (out.status == 429 || out.status == 503) out.AddHeader("Retry-After", "1");
  return out;
}

}  // namespace octet::server::http
