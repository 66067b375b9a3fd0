#pragma once
// Request ids and W3C trace context (traceparent) of one call, for the access log and the
// x-request-id echo; the same for HTTP headers and gRPC metadata.

#include <string>

#include "absl/strings/string_view.h"

namespace octet::server {

struct TraceContext {
  std::string request_id;  ///< the client's x-request-id, or a generated one
  std::string trace_id;    ///< 32 lower-case hex digits, or empty without a valid traceparent
  std::string span_id;     ///< the caller's span (parent-id), 16 hex digits, or empty
};

/// 32 random hex digits.
std::string NewRequestId();

/// A client's x-request-id is kept when it is 1 to 128 visible ASCII characters.
bool UsableRequestId(absl::string_view id);

/// Parses "00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>" (version 00, or a later
/// version with at least these fields). False, leaving the ids empty, when malformed or all-zero.
bool ParseTraceparent(absl::string_view header, TraceContext* out);

/// The trace context of a call from its headers / metadata (null when absent).
TraceContext MakeTraceContext(const absl::string_view* request_id,
                              const absl::string_view* traceparent);

}  // namespace octet::server
