#include "server/inference_calls.h"

#include <utility>

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

InferenceCalls::InferenceCalls(const ServerConfig* config, const ModelRegistry* registry,
                               Batcher* batcher, MetricsSink* metrics)
    : config_(config),
      registry_(registry),
      batcher_(batcher),
      metrics_(metrics),
      limits_{config->max_texts_per_request, config->max_text_bytes} {}

CallContext InferenceCalls::NewCall(std::string_view method) const {
  CallContext call;
  call.method = method;
  call.received = absl::Now();
  call.metrics = metrics_;
  return call;
}

absl::StatusOr<ServedModel*> InferenceCalls::ModelForRequest(std::string_view name,
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

void InferenceCalls::Classify(const CallContext& call, const v1::ClassifyRequest* request,
                              v1::ClassifyResponse* response) const {
  Submit<ClassifyCall>(call, TaskKind::kSequenceClassification, request, response);
}

void InferenceCalls::Answer(const CallContext& call, const v1::AnswerRequest* request,
                            v1::AnswerResponse* response) const {
  Submit<AnswerCall>(call, TaskKind::kQuestionAnswering, request, response);
}

void InferenceCalls::TagTokens(const CallContext& call, const v1::TagTokensRequest* request,
                               v1::TagTokensResponse* response) const {
  Submit<TagCall>(call, TaskKind::kTokenClassification, request, response);
}

void InferenceCalls::ZeroShotClassify(const CallContext& call,
                                      const v1::ZeroShotClassifyRequest* request,
                                      v1::ZeroShotClassifyResponse* response) const {
  Submit<ZeroShotCall>(call, TaskKind::kSequenceClassification, request, response);
}

void InferenceCalls::Rerank(const CallContext& call, const v1::RerankRequest* request,
                            v1::RerankResponse* response) const {
  Submit<RerankCall>(call, TaskKind::kSequenceClassification, request, response);
}

void InferenceCalls::Tokenize(const CallContext& call, const v1::TokenizeRequest* request,
                              v1::TokenizeResponse* response) const {
  auto model = ModelForRequest(request->model(), nullptr);
  absl::Status status = model.status();
  StageTimings t;
  if (status.ok()) {
    status = RunTokenize(**model, *request, limits_, response);
    t.tokenize_ns = t.total_ns = Nanos(absl::Now() - call.received);
    FillTiming(t, nullptr, response->mutable_timing());
  }
  call.Finish(status, model.ok() ? std::string_view((*model)->name) : "", t);
}

void InferenceCalls::ListModels(const CallContext& call, v1::ListModelsResponse* response) const {
  for (const auto& m : registry_->models()) FillModelInfo(*m, response->add_models());
  FillServerLimits(*config_, response->mutable_limits());
  StageTimings t;
  t.total_ns = Nanos(absl::Now() - call.received);
  FillTiming(t, nullptr, response->mutable_timing());
  call.Finish(absl::OkStatus(), "", t);
}

void InferenceCalls::GetModel(const CallContext& call, const v1::GetModelRequest* request,
                              v1::GetModelResponse* response) const {
  auto model = registry_->ResolveAny(request->name());
  StageTimings t;
  if (model.ok()) {
    FillModelInfo(**model, response->mutable_model());
    t.total_ns = Nanos(absl::Now() - call.received);
    FillTiming(t, nullptr, response->mutable_timing());
  }
  call.Finish(model.status(), model.ok() ? std::string_view((*model)->name) : "", t);
}

}  // namespace octet::server
