#include "server/http/task_routes.h"

#include "server/http/compat_json.h"
#include "server/http/http_errors.h"
#include "server/http/native_routes.h"
#include "server/http/task_json.h"

namespace octet::server::http {
namespace {

HfModelTask TaskOf(const ServedModel& model) {
  switch (model.model->config().task) {
    case TaskKind::kQuestionAnswering:
      return HfModelTask::kQuestionAnswering;
    case TaskKind::kTokenClassification:
      return HfModelTask::kTokenClassification;
    case TaskKind::kSequenceClassification:
      break;
  }
  return HfModelTask::kSequenceClassification;
}

// Runs one call and answers `json(response)`, or the call's error.
template <typename Response, typename Start, typename ToJsonFn>
HttpResponse Run(const RouteCall& rc, Start&& start, ToJsonFn&& json) {
  Response response;
  const absl::Status status = RunCall(rc, [&](const CallContext& c) { start(c, &response); });
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(json(response));
}

}  // namespace

HttpResponse HandleHfTask(const RouteCall& rc) {
  // POST /models/{name}: the model's task says how to read the body; POST /: the only model's,
  // when one is served, else the body's shape.
  const bool named = rc.match.route->id == RouteId::kHfModelTask;
  HfModelTask model_task = HfModelTask::kUnknown;
  if (named) {
    auto model = rc.calls.registry().Find(rc.match.name);
    if (!model.ok()) return FailCall(rc, model.status());
    model_task = TaskOf(**model);
  } else if (auto only = rc.calls.registry().ResolveAny(""); only.ok()) {
    model_task = TaskOf(**only);
  }
  auto task = ParseHfTask(rc.request.body, model_task);
  if (!task.ok()) return FailCall(rc, task.status());
  const std::string model = named ? rc.match.name : "";
  const InferenceCalls& calls = rc.calls;
  switch (task->kind) {
    case HfTaskKind::kQuestionAnswering: {
      task->answer.set_model(model);
      const bool list = task->answer.top_k() > 1;
      return Run<v1::AnswerResponse>(
          rc, [&](const CallContext& c, auto* r) { calls.Answer(c, &task->answer, r); },
          [&](const auto& r) { return HfAnswerJson(r, list); });
    }
    case HfTaskKind::kTokenClassification:
      task->tag.set_model(model);
      return Run<v1::TagTokensResponse>(
          rc, [&](const CallContext& c, auto* r) { calls.TagTokens(c, &task->tag, r); },
          [&](const auto& r) { return HfEntitiesJson(r, task->batch); });
    case HfTaskKind::kZeroShot:
      task->zero_shot.set_model(model);
      return Run<v1::ZeroShotClassifyResponse>(
          rc,
          [&](const CallContext& c, auto* r) { calls.ZeroShotClassify(c, &task->zero_shot, r); },
          [&](const auto& r) { return HfZeroShotJson(task->zero_shot, r, task->batch); });
    case HfTaskKind::kTextClassification:
      break;
  }
  task->classify.set_model(model);
  return Run<v1::ClassifyResponse>(
      rc, [&](const CallContext& c, auto* r) { calls.Classify(c, &task->classify, r); },
      [](const auto& r) { return HfClassifyJson(r); });
}

}  // namespace octet::server::http
