#include "server/http/task_routes.h"

#include "server/http/compat_json.h"
#include "server/http/http_errors.h"
#include "server/http/native_routes.h"

namespace octet::server::http {

HttpResponse HandleHfTask(const RouteCall& rc) {
  // POST /models/{name}: the model's task says how to read the body.
  bool qa = false;
  const bool named = rc.match.route->id == RouteId::kHfModelTask;
  if (named) {
    auto model = rc.calls.registry().Find(rc.match.name);
    if (!model.ok()) return FailCall(rc, model.status());
    qa = (*model)->model->config().task == TaskKind::kQuestionAnswering;
  }
  auto task = ParseHfTask(rc.request.body, named ? &qa : nullptr);
  if (!task.ok()) return FailCall(rc, task.status());
  if (task->question_answering) {
    if (named) task->answer.set_model(rc.match.name);
    v1::AnswerResponse response;
    const absl::Status status =
        RunCall(rc, [&](const CallContext& c) { rc.calls.Answer(c, &task->answer, &response); });
    if (!status.ok()) return ErrorResponse(status);
    return JsonResponse(HfAnswerJson(response, task->answer.top_k() > 1));
  }
  if (named) task->classify.set_model(rc.match.name);
  v1::ClassifyResponse response;
  const absl::Status status =
      RunCall(rc, [&](const CallContext& c) { rc.calls.Classify(c, &task->classify, &response); });
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(HfClassifyJson(response));
}

}  // namespace octet::server::http
