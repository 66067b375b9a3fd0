#pragma once
// The HTTP API's route table and the matching of a method and path against it. Pure: no
// server, no models (the fuzz target drives it with arbitrary paths).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace octet::server::http {

enum class RouteId {
  kClassify,          // POST /v1/classify
  kAnswer,            // POST /v1/answer
  kTokenize,          // POST /v1/tokenize
  kTagTokens,         // POST /v1/tag_tokens
  kZeroShotClassify,  // POST /v1/zero_shot_classify
  kRerank,            // POST /v1/rerank
  kListModels,        // GET /v1/models
  kGetModel,          // GET /v1/models/{name}
  kTeiPredict,        // POST /predict
  kTeiTokenize,       // POST /tokenize
  kTeiRerank,         // POST /rerank
  kTeiInfo,           // GET /info
  kTeiHealth,         // GET /health
  kHfTask,            // POST /
  kHfModelTask,       // POST /models/{name}
  kLive,              // GET /v2/health/live
  kReady,             // GET /v2/health/ready
  kModelReady,        // GET /v2/models/{name}/ready
  kModelMeta,         // GET /v2/models/{name}
  kOpenApi,           // GET /openapi.json
};

struct Route {
  RouteId id;
  const char* method;
  /// "/v1/models/{name}": "{name}" matches one non-empty path segment.
  const char* pattern;
};

/// Every route the API serves (the order is the documentation's).
const std::vector<Route>& Routes();

struct RouteMatch {
  /// The route, or null: then `allow` lists the methods the path takes (405), or is empty (404).
  const Route* route = nullptr;
  std::string name;   ///< the {name} segment, if the pattern has one
  std::string allow;  ///< "GET" / "POST" / "GET, POST" when the path exists for other methods
  /// With a non-empty `allow`: the pattern the path matched (metrics and logs name it).
  const char* pattern = nullptr;
};

/// Matches `method` and `path` (without the query). A trailing slash is not ignored.
RouteMatch MatchRoute(absl::string_view method, absl::string_view path);

}  // namespace octet::server::http
