#pragma once
// A Rerank RPC in flight: one (query, text) pair per document, tokenized on the gRPC thread and
// computed together in one job, then ranked. The ranking is core's (core/tasks/rerank.h).

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tasks/rerank.h"
#include "server/call_context.h"
#include "server/call_job.h"
#include "server/request_validation.h"

namespace octet::server {

class RerankCall final : public CallJob {
 public:
  /// Validates and tokenizes `request` for `model`: FailedPrecondition when the model has more
  /// than 2 labels. An error means nothing was queued.
  static absl::StatusOr<std::unique_ptr<RerankCall>> Prepare(const CallContext& call,
                                                             ServedModel* model,
                                                             const v1::RerankRequest* request,
                                                             v1::RerankResponse* response,
                                                             const RequestLimits& limits);

 private:
  v1::Timing* Respond() override;

  RerankCall(const CallContext& call, ServedModel* model, const v1::RerankRequest* request,
             v1::RerankResponse* response)
      : CallJob(call, model, /*per_token_output=*/false), request_(request), response_(response) {}

  const v1::RerankRequest* const request_;  // owned by gRPC until the RPC is finished
  v1::RerankResponse* const response_;      // owned by gRPC until the RPC is finished
  int64_t label_ = 0;
};

}  // namespace octet::server
