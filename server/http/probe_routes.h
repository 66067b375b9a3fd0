#pragma once
// Health probes: the Open Inference Protocol's (GET /v2/health/live, /v2/health/ready,
// /v2/models/{name}/ready, /v2/models/{name}) and TEI's GET /health. Ready means every model
// warmed up and the server is not draining; not ready is 503.

#include "server/http/http_api.h"

namespace octet::server::http {

/// True when `model` answers requests now.
bool ModelReady(const InferenceCalls& calls, const ServedModel& model);

HttpResponse HandleLive(const RouteCall& rc);
HttpResponse HandleReady(const RouteCall& rc);
HttpResponse HandleModelReady(const RouteCall& rc);
HttpResponse HandleModelMetadata(const RouteCall& rc);
HttpResponse HandleTeiHealth(const RouteCall& rc);

}  // namespace octet::server::http
