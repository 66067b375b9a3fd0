#include "server/inference_service.h"

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "server/answer_call.h"
#include "server/classify_call.h"
#include "server/model_info.h"
#include "server/rerank_call.h"
#include "server/tag_call.h"
#include "server/tokenize_call.h"
#include "server/zero_shot_call.h"

namespace octet::server {

InferenceService::InferenceService(const ServerConfig* config, const ModelRegistry* registry,
                                   Batcher* batcher, CallTracker* calls, MetricsSink* metrics)
    : config_(config),
      registry_(registry),
      batcher_(batcher),
      calls_(calls),
      metrics_(metrics),
      limits_{config->max_texts_per_request, config->max_text_bytes} {}

CallContext InferenceService::StartCall(grpc::CallbackServerContext* context,
                                        std::string_view method) const {
  CallContext call;
  call.server_context = context;
  call.reactor = calls_->NewReactor();
  call.method = method;
  call.received = absl::Now();
  call.metrics = metrics_;
  return call;
}

absl::StatusOr<ServedModel*> InferenceService::ModelForRequest(std::string_view name,
                                                               const TaskKind* task) const {
  if (draining_.load()) {
    return absl::UnavailableError("the server is shutting down; retry on another replica");
  }
  OCTET_ASSIGN_OR_RETURN(ServedModel* const model, task != nullptr ? registry_->Resolve(name, *task)
                                                                   : registry_->ResolveAny(name));
  if (model->state.load() != ModelState::kServing) {
    return absl::UnavailableError(
        absl::StrFormat("model '%s' is not serving yet (warming up); retry shortly", model->name));
  }
  return model;
}

grpc::ServerUnaryReactor* InferenceService::Classify(grpc::CallbackServerContext* context,
                                                     const v1::ClassifyRequest* request,
                                                     v1::ClassifyResponse* response) {
  const CallContext call = StartCall(context, "Classify");
  const TaskKind task = TaskKind::kSequenceClassification;
  auto model = ModelForRequest(request->model(), &task);
  if (!model.ok()) {
    call.Finish(model.status(), "", {});
    return call.reactor;
  }
  auto job = ClassifyCall::Prepare(call, *model, request, response, limits_);
  if (!job.ok()) {
    call.Finish(job.status(), (*model)->name, {});
    return call.reactor;
  }
  // When it cannot admit the job, Submit finishes the call itself.
  batcher_->Submit(*std::move(job)).IgnoreError();
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::Answer(grpc::CallbackServerContext* context,
                                                   const v1::AnswerRequest* request,
                                                   v1::AnswerResponse* response) {
  const CallContext call = StartCall(context, "Answer");
  const TaskKind task = TaskKind::kQuestionAnswering;
  auto model = ModelForRequest(request->model(), &task);
  if (!model.ok()) {
    call.Finish(model.status(), "", {});
    return call.reactor;
  }
  auto job = AnswerCall::Prepare(call, *model, request, response, limits_);
  if (!job.ok()) {
    call.Finish(job.status(), (*model)->name, {});
    return call.reactor;
  }
  batcher_->Submit(*std::move(job)).IgnoreError();
  return call.reactor;
}

template <typename Call, typename Request, typename Response>
grpc::ServerUnaryReactor* InferenceService::SubmitCall(grpc::CallbackServerContext* context,
                                                       std::string_view method, TaskKind task,
                                                       const Request* request, Response* response) {
  const CallContext call = StartCall(context, method);
  auto model = ModelForRequest(request->model(), &task);
  if (!model.ok()) {
    call.Finish(model.status(), "", {});
    return call.reactor;
  }
  auto job = Call::Prepare(call, *model, request, response, limits_);
  if (!job.ok()) {
    call.Finish(job.status(), (*model)->name, {});
    return call.reactor;
  }
  // When it cannot admit the job, Submit finishes the call itself.
  batcher_->Submit(*std::move(job)).IgnoreError();
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::TagTokens(grpc::CallbackServerContext* context,
                                                      const v1::TagTokensRequest* request,
                                                      v1::TagTokensResponse* response) {
  return SubmitCall<TagCall>(context, "TagTokens", TaskKind::kTokenClassification, request,
                             response);
}

grpc::ServerUnaryReactor* InferenceService::ZeroShotClassify(
    grpc::CallbackServerContext* context, const v1::ZeroShotClassifyRequest* request,
    v1::ZeroShotClassifyResponse* response) {
  return SubmitCall<ZeroShotCall>(context, "ZeroShotClassify", TaskKind::kSequenceClassification,
                                  request, response);
}

grpc::ServerUnaryReactor* InferenceService::Rerank(grpc::CallbackServerContext* context,
                                                   const v1::RerankRequest* request,
                                                   v1::RerankResponse* response) {
  return SubmitCall<RerankCall>(context, "Rerank", TaskKind::kSequenceClassification, request,
                                response);
}

grpc::ServerUnaryReactor* InferenceService::Tokenize(grpc::CallbackServerContext* context,
                                                     const v1::TokenizeRequest* request,
                                                     v1::TokenizeResponse* response) {
  const CallContext call = StartCall(context, "Tokenize");
  auto model = ModelForRequest(request->model(), nullptr);
  absl::Status status = model.status();
  StageTimings t;
  if (status.ok()) {
    status = RunTokenize(**model, *request, limits_, response);
    t.tokenize_ns = t.total_ns = Nanos(absl::Now() - call.received);
    FillTiming(t, nullptr, response->mutable_timing());
  }
  call.Finish(status, model.ok() ? std::string_view((*model)->name) : "", t);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::ListModels(grpc::CallbackServerContext* context,
                                                       const v1::ListModelsRequest* /*request*/,
                                                       v1::ListModelsResponse* response) {
  const CallContext call = StartCall(context, "ListModels");
  for (const auto& m : registry_->models()) FillModelInfo(*m, response->add_models());
  FillServerLimits(*config_, response->mutable_limits());
  StageTimings t;
  t.total_ns = Nanos(absl::Now() - call.received);
  FillTiming(t, nullptr, response->mutable_timing());
  call.Finish(absl::OkStatus(), "", t);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::GetModel(grpc::CallbackServerContext* context,
                                                     const v1::GetModelRequest* request,
                                                     v1::GetModelResponse* response) {
  const CallContext call = StartCall(context, "GetModel");
  auto model = registry_->ResolveAny(request->name());
  StageTimings t;
  if (model.ok()) {
    FillModelInfo(**model, response->mutable_model());
    t.total_ns = Nanos(absl::Now() - call.received);
    FillTiming(t, nullptr, response->mutable_timing());
  }
  call.Finish(model.status(), model.ok() ? std::string_view((*model)->name) : "", t);
  return call.reactor;
}

}  // namespace octet::server
