#include "server/trace_context.h"

#include <random>

#include "absl/strings/str_format.h"

namespace octet::server {
namespace {

bool LowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(absl::string_view s) { return s.find_first_not_of('0') == absl::string_view::npos; }

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("%016x%016x", rng(), rng());
}

bool UsableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

bool ParseTraceparent(absl::string_view h, TraceContext* out) {
  // version(2) - trace-id(32) - parent-id(16) - flags(2)
  if (h.size() < 55 || h[2] != '-' || h[35] != '-' || h[52] != '-') return false;
  const absl::string_view version = h.substr(0, 2), trace = h.substr(3, 32),
                          span = h.substr(36, 16), flags = h.substr(53, 2);
  if (!LowerHex(version) || version == "ff" || !LowerHex(trace) || !LowerHex(span) ||
      !LowerHex(flags)) {
    return false;
  }
  if (version == "00" && h.size() != 55) return false;
  if (version != "00" && h.size() > 55 && h[55] != '-') return false;
  if (AllZero(trace) || AllZero(span)) return false;
  out->trace_id = std::string(trace);
  out->span_id = std::string(span);
  return true;
}

TraceContext MakeTraceContext(const absl::string_view* request_id,
                              const absl::string_view* traceparent) {
  TraceContext t;
  t.request_id = request_id != nullptr && UsableRequestId(*request_id) ? std::string(*request_id)
                                                                       : NewRequestId();
  if (traceparent != nullptr) ParseTraceparent(*traceparent, &t);
  return t;
}

}  // namespace octet::server
