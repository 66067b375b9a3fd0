#pragma once
// octet.v1.Inference with the gRPC callback API: each handler makes the call's reactor and hands
// the call to InferenceCalls (the transport-neutral request logic), which validates and
// tokenizes on the gRPC thread and submits a job to the batcher; the worker that computes the
// job finishes the RPC. Metadata RPCs and Tokenize are answered inline.

#include <string_view>

#include "octet/v1/inference.grpc.pb.h"
#include "server/call_context.h"
#include "server/call_tracker.h"
#include "server/inference_calls.h"

namespace octet::server {

class InferenceService final : public v1::Inference::CallbackService {
 public:
  /// Everything must outlive the service.
  InferenceService(const InferenceCalls* logic, CallTracker* calls);

  grpc::ServerUnaryReactor* Classify(grpc::CallbackServerContext* context,
                                     const v1::ClassifyRequest* request,
                                     v1::ClassifyResponse* response) override;
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                   const v1::AnswerRequest* request,
                                   v1::AnswerResponse* response) override;
  grpc::ServerUnaryReactor* ListModels(grpc::CallbackServerContext* context,
                                       const v1::ListModelsRequest* request,
                                       v1::ListModelsResponse* response) override;
  grpc::ServerUnaryReactor* GetModel(grpc::CallbackServerContext* context,
                                     const v1::GetModelRequest* request,
                                     v1::GetModelResponse* response) override;
  grpc::ServerUnaryReactor* Tokenize(grpc::CallbackServerContext* context,
                                     const v1::TokenizeRequest* request,
                                     v1::TokenizeResponse* response) override;
  grpc::ServerUnaryReactor* TagTokens(grpc::CallbackServerContext* context,
                                      const v1::TagTokensRequest* request,
                                      v1::TagTokensResponse* response) override;
  grpc::ServerUnaryReactor* ZeroShotClassify(grpc::CallbackServerContext* context,
                                             const v1::ZeroShotClassifyRequest* request,
                                             v1::ZeroShotClassifyResponse* response) override;
  grpc::ServerUnaryReactor* Rerank(grpc::CallbackServerContext* context,
                                   const v1::RerankRequest* request,
                                   v1::RerankResponse* response) override;

 private:
  CallContext StartCall(grpc::CallbackServerContext* context, std::string_view method) const;

  const InferenceCalls* const logic_;  // not owned
  CallTracker* const calls_;           // not owned; makes every RPC's reactor
};

}  // namespace octet::server
