#pragma once
// The native routes, 1:1 with octet.v1.Inference and converted with protobuf's JSON mapping:
// POST /v1/classify, /v1/answer, /v1/tokenize, /v1/tag_tokens, /v1/zero_shot_classify,
// /v1/rerank; GET /v1/models, /v1/models/{name}.

#include "server/http/http_api.h"

namespace octet::server::http {

HttpResponse HandleClassify(const RouteCall& rc);
HttpResponse HandleAnswer(const RouteCall& rc);
HttpResponse HandleTokenize(const RouteCall& rc);
HttpResponse HandleTagTokens(const RouteCall& rc);
HttpResponse HandleZeroShotClassify(const RouteCall& rc);
HttpResponse HandleRerank(const RouteCall& rc);
HttpResponse HandleListModels(const RouteCall& rc);
HttpResponse HandleGetModel(const RouteCall& rc);

/// Finishes `rc`'s call with `status` (an error found before the request logic ran, such as a
/// body that is not the request's JSON) so that metrics and logs count it, and returns its
/// error response.
HttpResponse FailCall(const RouteCall& rc, const absl::Status& status);

}  // namespace octet::server::http
