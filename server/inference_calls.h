#pragma once
// The request logic of octet.v1.Inference, whatever the transport: resolve the model, validate,
// tokenize, submit to the batcher (or answer inline), fill the response proto and finish the
// call through its CallContext. The gRPC service (inference_service.h) and the HTTP API
// (http/http_api.h) are thin adapters over it, so both share one admission queue, one batcher,
// the same limits, metrics, deadlines and errors.

#include <atomic>
#include <functional>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "octet/v1/inference.pb.h"
#include "server/batcher.h"
#include "server/call_context.h"
#include "server/metrics_sink.h"
#include "server/model_registry.h"
#include "server/request_validation.h"
#include "server/server_config.h"

namespace octet::server {

class InferenceCalls {
 public:
  /// Everything must outlive this object.
  InferenceCalls(const ServerConfig* config, const ModelRegistry* registry, Batcher* batcher,
                 MetricsSink* metrics);

  /// From now on every inference call and Tokenize answer UNAVAILABLE.
  void StartDrain() { draining_.store(true); }

  /// A CallContext for a call that starts now; the caller adds its transport's end.
  CallContext NewCall(std::string_view method) const;

  /// Each one finishes `call` exactly once: at once on an error or for the inline calls, or
  /// later from a worker. `request` and `response` must live until then.
  void Classify(const CallContext& call, const v1::ClassifyRequest* request,
                v1::ClassifyResponse* response) const;
  void Answer(const CallContext& call, const v1::AnswerRequest* request,
              v1::AnswerResponse* response) const;
  void Tokenize(const CallContext& call, const v1::TokenizeRequest* request,
                v1::TokenizeResponse* response) const;
  void TagTokens(const CallContext& call, const v1::TagTokensRequest* request,
                 v1::TagTokensResponse* response) const;
  void ZeroShotClassify(const CallContext& call, const v1::ZeroShotClassifyRequest* request,
                        v1::ZeroShotClassifyResponse* response) const;
  void Rerank(const CallContext& call, const v1::RerankRequest* request,
              v1::RerankResponse* response) const;
  void ListModels(const CallContext& call, v1::ListModelsResponse* response) const;
  void GetModel(const CallContext& call, const v1::GetModelRequest* request,
                v1::GetModelResponse* response) const;

  /// The batched calls' common path: resolve the model for `task`, `Call::Prepare` (validate,
  /// tokenize; a Job that finishes `call`), then admit it to the batcher, which finishes the call
  /// itself when it cannot. New batched RPCs use it with their own Call class.
  template <typename Call, typename Request, typename Response>
  void Submit(const CallContext& call, TaskKind task, const Request* request,
              Response* response) const {
    auto model = ModelForRequest(request->model(), &task);
    if (!model.ok()) return call.Finish(model.status(), "", {});
    if (admission_check_) {
      if (absl::Status s = admission_check_(call); !s.ok())
        return call.Finish(s, (*model)->name, {});
    }
    auto job = Call::Prepare(call, *model, request, response, limits_);
    if (!job.ok()) return call.Finish(job.status(), (*model)->name, {});
    batcher_->Submit(*std::move(job)).IgnoreError();
  }

  /// The model a request may use now: resolved by name / task (any task when null), and
  /// serving (UNAVAILABLE while warming up or draining).
  absl::StatusOr<ServedModel*> ModelForRequest(std::string_view name, const TaskKind* task) const;

  /// An extra check before a batched call is admitted (the per-client limit); set before serving.
  void SetAdmissionCheck(std::function<absl::Status(const CallContext&)> check) {
    admission_check_ = std::move(check);
  }

  const ServerConfig& config() const { return *config_; }
  const ModelRegistry& registry() const { return *registry_; }
  bool draining() const { return draining_.load(); }

 private:
  const ServerConfig* const config_;     // not owned
  const ModelRegistry* const registry_;  // not owned
  Batcher* const batcher_;               // not owned
  MetricsSink* const metrics_;           // not owned
  const RequestLimits limits_;
  std::atomic<bool> draining_{false};
  std::function<absl::Status(const CallContext&)> admission_check_;
};

}  // namespace octet::server
