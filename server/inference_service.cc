#include "server/inference_service.h"

#include <memory>
#include <utility>

#include "server/access_log.h"

namespace octet::server {

InferenceService::InferenceService(const InferenceCalls* logic, CallTracker* calls)
    : logic_(logic), calls_(calls) {}

CallContext InferenceService::StartCall(grpc::CallbackServerContext* context,
                                        std::string_view method) const {
  CallContext call = logic_->NewCall(method);
  call.server_context = context;
  call.reactor = calls_->NewReactor();
  // x-request-id is echoed (or made) in the response metadata; traceparent goes to the log.
  const auto& metadata = context->client_metadata();
  absl::string_view id_value, parent_value;
  const absl::string_view *id = nullptr, *parent = nullptr;
  if (auto it = metadata.find("x-request-id"); it != metadata.end()) {
    id_value = absl::string_view(it->second.data(), it->second.size());
    id = &id_value;
  }
  if (auto it = metadata.find("traceparent"); it != metadata.end()) {
    parent_value = absl::string_view(it->second.data(), it->second.size());
    parent = &parent_value;
  }
  TraceContext trace = MakeTraceContext(id, parent);
  context->AddInitialMetadata("x-request-id", trace.request_id);
  if (AccessLogSampled()) call.trace = std::make_shared<const TraceContext>(std::move(trace));
  return call;
}

grpc::ServerUnaryReactor* InferenceService::Classify(grpc::CallbackServerContext* context,
                                                     const v1::ClassifyRequest* request,
                                                     v1::ClassifyResponse* response) {
  const CallContext call = StartCall(context, "Classify");
  logic_->Classify(call, request, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::Answer(grpc::CallbackServerContext* context,
                                                   const v1::AnswerRequest* request,
                                                   v1::AnswerResponse* response) {
  const CallContext call = StartCall(context, "Answer");
  logic_->Answer(call, request, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::Tokenize(grpc::CallbackServerContext* context,
                                                     const v1::TokenizeRequest* request,
                                                     v1::TokenizeResponse* response) {
  const CallContext call = StartCall(context, "Tokenize");
  logic_->Tokenize(call, request, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::ListModels(grpc::CallbackServerContext* context,
                                                       const v1::ListModelsRequest* /*request*/,
                                                       v1::ListModelsResponse* response) {
  const CallContext call = StartCall(context, "ListModels");
  logic_->ListModels(call, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::GetModel(grpc::CallbackServerContext* context,
                                                     const v1::GetModelRequest* request,
                                                     v1::GetModelResponse* response) {
  const CallContext call = StartCall(context, "GetModel");
  logic_->GetModel(call, request, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::TagTokens(grpc::CallbackServerContext* context,
                                                      const v1::TagTokensRequest* request,
                                                      v1::TagTokensResponse* response) {
  const CallContext call = StartCall(context, "TagTokens");
  logic_->TagTokens(call, request, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::ZeroShotClassify(
    grpc::CallbackServerContext* context, const v1::ZeroShotClassifyRequest* request,
    v1::ZeroShotClassifyResponse* response) {
  const CallContext call = StartCall(context, "ZeroShotClassify");
  logic_->ZeroShotClassify(call, request, response);
  return call.reactor;
}

grpc::ServerUnaryReactor* InferenceService::Rerank(grpc::CallbackServerContext* context,
                                                   const v1::RerankRequest* request,
                                                   v1::RerankResponse* response) {
  const CallContext call = StartCall(context, "Rerank");
  logic_->Rerank(call, request, response);
  return call.reactor;
}

}  // namespace octet::server
