#include "server/http/http_router.h"

#include "absl/strings/str_join.h"

namespace octet::server::http {
namespace {

// Matches `path` against `pattern`; fills `name` for a "{name}" segment.
bool MatchPattern(absl::string_view pattern, absl::string_view path, std::string* name) {
  while (!pattern.empty() && !path.empty()) {
    const size_t brace = pattern.find('{');
    if (brace == absl::string_view::npos) return pattern == path;
    if (path.substr(0, brace) != pattern.substr(0, brace)) return false;
    pattern.remove_prefix(pattern.find('}', brace) + 1);
    path.remove_prefix(brace);
    const size_t end = path.find('/');
    const absl::string_view segment = path.substr(0, end);
    if (segment.empty()) return false;
    *name = std::string(segment);
    path.remove_prefix(segment.size());
  }
  return pattern.empty() && path.empty();
}

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {RouteId::kClassify, "POST", "/v1/classify"},
      {RouteId::kAnswer, "POST", "/v1/answer"},
      {RouteId::kTokenize, "POST", "/v1/tokenize"},
      {RouteId::kTagTokens, "POST", "/v1/tag_tokens"},
      {RouteId::kZeroShotClassify, "POST", "/v1/zero_shot_classify"},
      {RouteId::kRerank, "POST", "/v1/rerank"},
      {RouteId::kListModels, "GET", "/v1/models"},
      {RouteId::kGetModel, "GET", "/v1/models/{name}"},
      {RouteId::kTeiPredict, "POST", "/predict"},
      {RouteId::kTeiTokenize, "POST", "/tokenize"},
      {RouteId::kTeiRerank, "POST", "/rerank"},
      {RouteId::kTeiInfo, "GET", "/info"},
      {RouteId::kTeiHealth, "GET", "/health"},
      {RouteId::kHfTask, "POST", "/"},
      {RouteId::kHfModelTask, "POST", "/models/{name}"},
      {RouteId::kLive, "GET", "/v2/health/live"},
      {RouteId::kReady, "GET", "/v2/health/ready"},
      {RouteId::kModelReady, "GET", "/v2/models/{name}/ready"},
      {RouteId::kModelMeta, "GET", "/v2/models/{name}"},
      {RouteId::kOpenApi, "GET", "/openapi.json"},
  };
  return routes;
}

RouteMatch MatchRoute(absl::string_view method, absl::string_view path) {
  RouteMatch out;
  std::vector<std::string> allowed;
  for (const Route& r : Routes()) {
    std::string name;
    if (!MatchPattern(r.pattern, path, &name)) continue;
    if (method == r.method) {
      out.route = &r;
      out.name = std::move(name);
      return out;
    }
    allowed.emplace_back(r.method);
    out.pattern = r.pattern;
  }
  out.allow = absl::StrJoin(allowed, ", ");
  return out;
}

}  // namespace octet::server::http
