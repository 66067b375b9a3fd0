#pragma once
// octet.v1.Inference with the gRPC callback API. Each handler validates and
// tokenizes on the gRPC thread, submits a job to the batcher and returns; the worker that
// computes the job finishes the RPC. Metadata RPCs and Tokenize are answered inline.

#include <atomic>
#include <string_view>

#include "absl/status/statusor.h"
#include "octet/v1/inference.grpc.pb.h"
#include "server/batcher.h"
#include "server/call_context.h"
#include "server/call_tracker.h"
#include "server/metrics_sink.h"
#include "server/model_registry.h"
#include "server/request_validation.h"
#include "server/server_config.h"

namespace octet::server {

class InferenceService final : public v1::Inference::CallbackService {
 public:
  /// Everything must outlive the service.
  InferenceService(const ServerConfig* config, const ModelRegistry* registry, Batcher* batcher,
                   CallTracker* calls, MetricsSink* metrics);

  /// From now on every inference RPC and Tokenize answer UNAVAILABLE.
  void StartDrain() { draining_.store(true); }

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
  // The model a request may use now: resolved by name / task, and serving (UNAVAILABLE while
  // warming up or draining).
  absl::StatusOr<ServedModel*> ModelForRequest(std::string_view name, const TaskKind* task) const;
  // Resolves the model for `task`, prepares Call (validation, tokenization) and submits it to the
  // batcher; any error finishes the RPC.
  template <typename Call, typename Request, typename Response>
  grpc::ServerUnaryReactor* SubmitCall(grpc::CallbackServerContext* context,
                                       std::string_view method, TaskKind task,
                                       const Request* request, Response* response);

  const ServerConfig* const config_;     // not owned
  const ModelRegistry* const registry_;  // not owned
  Batcher* const batcher_;               // not owned
  CallTracker* const calls_;             // not owned; makes every RPC's reactor
  MetricsSink* const metrics_;           // not owned
  const RequestLimits limits_;
  std::atomic<bool> draining_{false};
};

}  // namespace octet::server
