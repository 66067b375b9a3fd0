#pragma once
// GET /openapi.json: the committed OpenAPI 3 document of the HTTP API (server/http/openapi.json,
// compiled in).

#include "absl/strings/string_view.h"
#include "server/http/http_message.h"

namespace octet::server::http {

/// The document's text.
absl::string_view OpenApiDocument();

HttpResponse OpenApiResponse();

}  // namespace octet::server::http
