#include "server/http/probe_routes.h"

#include "nlohmann/json.hpp"
#include "server/http/http_errors.h"

namespace octet::server::http {
namespace {

bool AllReady(const InferenceCalls& calls) {
  for (const auto& m : calls.registry().models()) {
    if (!ModelReady(calls, *m)) return false;
  }
  return true;
}

}  // namespace

bool ModelReady(const InferenceCalls& calls, const ServedModel& model) {
  return !calls.draining() && model.state.load() == ModelState::kServing;
}

HttpResponse HandleLive(const RouteCall& /*rc*/) {
  return JsonResponse(nlohmann::json{{"live", true}}.dump());
}

HttpResponse HandleReady(const RouteCall& rc) {
  const bool ready = AllReady(rc.calls);
  return JsonResponse(nlohmann::json{{"ready", ready}}.dump(), ready ? 200 : 503);
}

HttpResponse HandleModelReady(const RouteCall& rc) {
  auto model = rc.calls.registry().Find(rc.match.name);
  if (!model.ok()) return ErrorResponse(model.status());
  const bool ready = ModelReady(rc.calls, **model);
  return JsonResponse(nlohmann::json{{"name", (*model)->name}, {"ready", ready}}.dump(),
                      ready ? 200 : 503);
}

HttpResponse HandleModelMetadata(const RouteCall& rc) {
  auto model = rc.calls.registry().Find(rc.match.name);
  if (!model.ok()) return ErrorResponse(model.status());
  const ServedModel& m = **model;
  const bool qa = m.model->config().task == TaskKind::kQuestionAnswering;
  nlohmann::json inputs = qa ? nlohmann::json::array({
                                   {{"name", "question"}, {"datatype", "BYTES"}, {"shape", {1}}},
                                   {{"name", "context"}, {"datatype", "BYTES"}, {"shape", {1}}},
                               })
                             : nlohmann::json::array({
                                   {{"name", "texts"}, {"datatype", "BYTES"}, {"shape", {-1}}},
                               });
  nlohmann::json outputs =
      qa ? nlohmann::json::array({{{"name", "answers"}, {"datatype", "BYTES"}, {"shape", {-1}}}})
         : nlohmann::json::array(
               {{{"name", "scores"},
                 {"datatype", "FP32"},
                 {"shape", {-1, static_cast<int>(m.model->config().labels.size())}}}});
  nlohmann::json body = {{"name", m.name},
                         {"versions", nlohmann::json::array()},
                         {"platform", "octet_int8_cpu"},
                         {"inputs", inputs},
                         {"outputs", outputs}};
  return JsonResponse(body.dump(), ModelReady(rc.calls, m) ? 200 : 503);
}

HttpResponse HandleTeiHealth(const RouteCall& rc) {
  if (AllReady(rc.calls)) return JsonResponse("", 200);
  return ErrorResponse(absl::UnavailableError("not ready: warming up or shutting down"));
}

}  // namespace octet::server::http
