#pragma once
// The HTTP/JSON API: routes a request (already read, size-checked, by http_server.h) to its
// handler and returns the response. Inference routes run through InferenceCalls, the request
// logic the gRPC service uses too: same admission queue, batcher, limits, metrics, deadlines
// and errors. Adds x-request-id and, on inference routes, the timing headers.

#include <string>

#include "absl/time/time.h"
#include "server/http/blocking_call.h"
#include "server/http/http_message.h"
#include "server/http/http_router.h"
#include "server/inference_calls.h"

namespace octet::server::http {

struct HttpApiOptions {
  /// Deadline of an HTTP inference request; a request may shorten it with the header
  /// `x-deadline-ms` (integer milliseconds, ≥ 0).
  absl::Duration default_deadline = absl::Seconds(30);
  /// When non-empty, every route except the health probes and /openapi.json needs
  /// `Authorization: Bearer <key>` (401 otherwise).
  std::string api_key;
  /// The model TEI's routes serve; empty: the only model of the route's task.
  std::string tei_model;
};

/// What a route handler gets.
struct RouteCall {
  const InferenceCalls& calls;
  const HttpRequest& request;
  const RouteMatch& match;
  CallContext call;      ///< method = the route pattern, received, deadline, metrics
  CallOutcome* outcome;  ///< filled by handlers that run a call (timing headers, access log)
  const HttpApiOptions& options;
};

class HttpApi {
 public:
  /// `calls` must outlive the API.
  HttpApi(const InferenceCalls* calls, HttpApiOptions options);

  /// Answers one request. Thread-safe.
  HttpResponse Handle(const HttpRequest& request) const;
  /// The 413 for a request whose body is over `limit` bytes (not read): counted and logged like
  /// any other answer.
  HttpResponse HandleTooLarge(const HttpRequest& request, int64_t limit) const;

 private:
  // Runs `request`, or refuses it with `refusal` (HTTP status `refusal_http`, 0: mapped) when
  // that is not OK; adds the ids, timing headers and the access line.
  HttpResponse Process(const HttpRequest& request, absl::Status refusal, int refusal_http) const;
  HttpResponse Dispatch(const RouteCall& rc) const;

  const InferenceCalls* const calls_;  // not owned
  const HttpApiOptions options_;
};

/// Runs a call started by `start` (InferenceCalls::Classify etc.) to its end, recording the
/// outcome in `rc`; returns its status.
template <typename StartFn>
absl::Status RunCall(const RouteCall& rc, StartFn&& start) {
  *rc.outcome = RunBlocking(rc.call, std::forward<StartFn>(start), rc.request.peer);
  return rc.outcome->status;
}

/// A JSON response with status 200.
HttpResponse JsonResponse(std::string body, int status = 200);

}  // namespace octet::server::http
