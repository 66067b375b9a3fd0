#pragma once
// Text Embeddings Inference's routes, with its request and response shapes and status codes, so
// that TEI clients work unchanged: POST /predict, POST /rerank, POST /tokenize, GET /info (GET
// /health is in probe_routes.h). They serve the model --tei_model names, or else the only model
// of their task (several: 413 naming them).

#include "server/http/http_api.h"

namespace octet::server::http {

HttpResponse HandleTeiPredict(const RouteCall& rc);
HttpResponse HandleTeiRerank(const RouteCall& rc);
HttpResponse HandleTeiTokenize(const RouteCall& rc);
HttpResponse HandleTeiInfo(const RouteCall& rc);

}  // namespace octet::server::http
