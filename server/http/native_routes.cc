#include "server/http/native_routes.h"

#include "server/http/http_errors.h"
#include "server/http/proto_json.h"

namespace octet::server::http {
namespace {

// Parses the body as `Request`, runs it with `start` and answers the response as JSON.
template <typename Request, typename Response, typename StartFn>
HttpResponse RunJson(const RouteCall& rc, StartFn&& start) {
  Request request;
  if (absl::Status s = ParseJsonBody(rc.request.body, &request); !s.ok()) return FailCall(rc, s);
  Response response;
  const absl::Status status =
      RunCall(rc, [&](const CallContext& call) { start(call, &request, &response); });
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(ToJson(response));
}

}  // namespace

HttpResponse FailCall(const RouteCall& rc, const absl::Status& status) {
  RunCall(rc, [&](const CallContext& call) { call.Finish(status, "", {}); }).IgnoreError();
  return ErrorResponse(status);
}

HttpResponse HandleClassify(const RouteCall& rc) {
  return RunJson<v1::ClassifyRequest, v1::ClassifyResponse>(
      rc, [&](const CallContext& c, const v1::ClassifyRequest* q, v1::ClassifyResponse* r) {
        rc.calls.Classify(c, q, r);
      });
}

HttpResponse HandleAnswer(const RouteCall& rc) {
  return RunJson<v1::AnswerRequest, v1::AnswerResponse>(
      rc, [&](const CallContext& c, const v1::AnswerRequest* q, v1::AnswerResponse* r) {
        rc.calls.Answer(c, q, r);
      });
}

HttpResponse HandleTokenize(const RouteCall& rc) {
  return RunJson<v1::TokenizeRequest, v1::TokenizeResponse>(
      rc, [&](const CallContext& c, const v1::TokenizeRequest* q, v1::TokenizeResponse* r) {
        rc.calls.Tokenize(c, q, r);
      });
}

HttpResponse HandleTagTokens(const RouteCall& rc) {
  return RunJson<v1::TagTokensRequest, v1::TagTokensResponse>(
      rc, [&](const CallContext& c, const v1::TagTokensRequest* q, v1::TagTokensResponse* r) {
        rc.calls.TagTokens(c, q, r);
      });
}

HttpResponse HandleZeroShotClassify(const RouteCall& rc) {
  return RunJson<v1::ZeroShotClassifyRequest, v1::ZeroShotClassifyResponse>(
      rc, [&](const CallContext& c, const v1::ZeroShotClassifyRequest* q,
              v1::ZeroShotClassifyResponse* r) { rc.calls.ZeroShotClassify(c, q, r); });
}

HttpResponse HandleRerank(const RouteCall& rc) {
  return RunJson<v1::RerankRequest, v1::RerankResponse>(
      rc, [&](const CallContext& c, const v1::RerankRequest* q, v1::RerankResponse* r) {
        rc.calls.Rerank(c, q, r);
      });
}

HttpResponse HandleListModels(const RouteCall& rc) {
  v1::ListModelsResponse response;
  const absl::Status status =
      RunCall(rc, [&](const CallContext& c) { rc.calls.ListModels(c, &response); });
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(ToJson(response));
}

HttpResponse HandleGetModel(const RouteCall& rc) {
  v1::GetModelRequest request;
  request.set_name(rc.match.name);
  v1::GetModelResponse response;
  const absl::Status status =
      RunCall(rc, [&](const CallContext& c) { rc.calls.GetModel(c, &request, &response); });
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(ToJson(response));
}

}  // namespace octet::server::http
