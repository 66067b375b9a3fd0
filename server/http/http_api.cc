#include "server/http/http_api.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "server/access_log.h"
#include "server/api_key_auth.h"
#include "server/http/http_errors.h"
#include "server/http/native_routes.h"
#include "server/http/openapi.h"
#include "server/http/probe_routes.h"
#include "server/http/task_routes.h"
#include "server/http/tei_routes.h"
#include "server/status_mapping.h"
#include "server/trace_context.h"

namespace octet::server::http {
namespace {

// Probes and the API description stay open without the API key (as grpc.health.v1 does).
bool NeedsKey(RouteId id) {
  switch (id) {
    case RouteId::kTeiHealth:
    case RouteId::kLive:
    case RouteId::kReady:
    case RouteId::kModelReady:
    case RouteId::kOpenApi:
      return false;
    default:
      return true;
  }
}

// True for the routes that run an inference call (they carry the timing headers).
bool IsInference(RouteId id) {
  switch (id) {
    case RouteId::kClassify:
    case RouteId::kAnswer:
    case RouteId::kTokenize:
    case RouteId::kTagTokens:
    case RouteId::kZeroShotClassify:
    case RouteId::kRerank:
    case RouteId::kTeiPredict:
    case RouteId::kTeiTokenize:
    case RouteId::kTeiRerank:
    case RouteId::kHfTask:
    case RouteId::kHfModelTask:
      return true;
    default:
      return false;
  }
}

// The gRPC code an answer stands for when no call ran (routing, media type, key checks).
absl::StatusCode CodeOfHttpStatus(int status) {
  switch (status) {
    case 200:
      return absl::StatusCode::kOk;
    case 400:
    case 413:
    case 415:
      return absl::StatusCode::kInvalidArgument;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 404:
      return absl::StatusCode::kNotFound;
    case 405:
      return absl::StatusCode::kUnimplemented;
    case 503:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kUnknown;
  }
}

bool IsJsonContentType(const std::string* type) {
  if (type == nullptr) return false;
  absl::string_view media = *type;
  media = media.substr(0, media.find(';'));
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(media), "application/json");
}

std::string Millis(int64_t ns) { return absl::StrFormat("%.3f", static_cast<double>(ns) / 1e6); }

absl::Status CheckKey(const std::string& key, const std::string* authorization) {
  if (authorization != nullptr) {
    absl::string_view value = *authorization;
    if (absl::ConsumePrefix(&value, "Bearer ") && ConstantTimeEquals(value, key)) {
      return absl::OkStatus();
    }
  }
  return absl::UnauthenticatedError(
      "missing or wrong API key: send the header 'Authorization: Bearer <key>'");
}

}  // namespace

HttpResponse JsonResponse(std::string body, int status) {
  HttpResponse out;
  out.status = status;
  out.body = std::move(body);
  return out;
}

HttpApi::HttpApi(const InferenceCalls* calls, HttpApiOptions options)
    : calls_(calls), options_(std::move(options)) {}

HttpResponse HttpApi::Handle(const HttpRequest& request) const {
  return Process(request, absl::OkStatus(), 0);
}

HttpResponse HttpApi::HandleTooLarge(const HttpRequest& request, int64_t limit) const {
  return Process(
      request,
      absl::ResourceExhaustedError(absl::StrFormat(
          "request body larger than %d bytes (--max_message_bytes); nothing was parsed", limit)),
      413);
}

HttpResponse HttpApi::Process(const HttpRequest& request, absl::Status refusal,
                              int refusal_http) const {
  CallContext call = calls_->NewCall("unrouted");
  const std::string* client_id = request.Header("x-request-id");
  const std::string* traceparent = request.Header("traceparent");
  const absl::string_view id_view =
      client_id != nullptr ? absl::string_view(*client_id) : absl::string_view();
  const absl::string_view parent_view =
      traceparent != nullptr ? absl::string_view(*traceparent) : absl::string_view();
  const TraceContext trace = MakeTraceContext(client_id != nullptr ? &id_view : nullptr,
                                              traceparent != nullptr ? &parent_view : nullptr);
  const RouteMatch match = MatchRoute(request.method, request.path);
  if (match.route != nullptr) call.method = match.route->pattern;
  if (match.pattern != nullptr) call.method = match.pattern;
  std::vector<std::pair<std::string, std::string>> extra_headers;
  // The checks before a route runs; each refusal is still counted and logged as a call.
  const std::string* asked = request.Header("x-deadline-ms");
  int64_t ms = 0;
  if (!refusal.ok()) {
    // refused by the listener (413)
  } else if (match.route == nullptr && match.allow.empty()) {
    refusal = absl::NotFoundError("no such route; GET /openapi.json lists them");
  } else if (match.route == nullptr) {
    refusal = absl::UnimplementedError(absl::StrFormat("method not allowed; use %s", match.allow));
    refusal_http = 405;
    extra_headers.emplace_back("Allow", match.allow);
  } else if (!options_.api_key.empty() && NeedsKey(match.route->id) &&
             !CheckKey(options_.api_key, request.Header("authorization")).ok()) {
    refusal = CheckKey(options_.api_key, request.Header("authorization"));
    extra_headers.emplace_back("WWW-Authenticate", "Bearer");
  } else if (std::string(match.route->method) == "POST" &&
             !IsJsonContentType(request.Header("content-type"))) {
    refusal = absl::InvalidArgumentError("expected the header 'Content-Type: application/json'");
    refusal_http = 415;
  } else if (asked != nullptr && (!absl::SimpleAtoi(*asked, &ms) || ms < 0)) {
    refusal = absl::InvalidArgumentError(
        "header x-deadline-ms: expected a whole number of milliseconds ≥ 0");
  }
  CallOutcome outcome;
  HttpResponse response;
  if (!refusal.ok()) {
    outcome = RunBlocking(call, [&](const CallContext& c) { c.Finish(refusal, "", {}); });
    response = ErrorResponse(refusal, refusal_http);
    for (auto& [name, value] : extra_headers) response.AddHeader(name, value);
  } else {
    absl::Duration deadline = options_.default_deadline;
    if (asked != nullptr) deadline = std::min(deadline, absl::Milliseconds(ms));
    call.deadline = call.received + deadline;
    response = Dispatch(RouteCall{*calls_, request, match, call, &outcome, options_});
  }
  response.AddHeader("x-request-id", trace.request_id);
  if (match.route != nullptr && IsInference(match.route->id) && outcome.ran) {
    const StageTimings& t = outcome.timings;
    response.AddHeader("x-total-time", Millis(t.total_ns));
    response.AddHeader("x-queue-time", Millis(t.queue_ns));
    response.AddHeader("x-tokenization-time", Millis(t.tokenize_ns));
    response.AddHeader("x-inference-time", Millis(t.inference_ns));
  }
  if (AccessLogSampled()) {
    AccessEntry entry;
    entry.trace = &trace;
    entry.transport = "http";
    entry.method = call.method;
    entry.model = outcome.model;
    entry.code = outcome.ran ? WireCode(outcome.status) : CodeOfHttpStatus(response.status);
    entry.http_status = response.status;
    entry.tokens = outcome.tokens;
    entry.batch_sequences = outcome.batch_sequences;
    entry.timings = outcome.timings;
    WriteAccessLog(entry);
  }
  return response;
}

HttpResponse HttpApi::Dispatch(const RouteCall& rc) const {
  switch (rc.match.route->id) {
    case RouteId::kClassify:
      return HandleClassify(rc);
    case RouteId::kAnswer:
      return HandleAnswer(rc);
    case RouteId::kTokenize:
      return HandleTokenize(rc);
    case RouteId::kTagTokens:
      return HandleTagTokens(rc);
    case RouteId::kZeroShotClassify:
      return HandleZeroShotClassify(rc);
    case RouteId::kRerank:
      return HandleRerank(rc);
    case RouteId::kListModels:
      return HandleListModels(rc);
    case RouteId::kGetModel:
      return HandleGetModel(rc);
    case RouteId::kTeiPredict:
      return HandleTeiPredict(rc);
    case RouteId::kTeiTokenize:
      return HandleTeiTokenize(rc);
    case RouteId::kTeiRerank:
      return HandleTeiRerank(rc);
    case RouteId::kTeiInfo:
      return HandleTeiInfo(rc);
    case RouteId::kTeiHealth:
      return HandleTeiHealth(rc);
    case RouteId::kHfTask:
    case RouteId::kHfModelTask:
      return HandleHfTask(rc);
    case RouteId::kLive:
      return HandleLive(rc);
    case RouteId::kReady:
      return HandleReady(rc);
    case RouteId::kModelReady:
      return HandleModelReady(rc);
    case RouteId::kModelMeta:
      return HandleModelMetadata(rc);
    case RouteId::kOpenApi:
      return OpenApiResponse();
  }
  return ErrorResponse(absl::InternalError("unrouted request"));
}

}  // namespace octet::server::http
