#pragma once
// A TagTokens RPC in flight: each text is tokenized (into stride windows when asked) on the gRPC
// thread, the windows of all texts are computed in one batch by a worker, and the entities are
// decoded per text. The pipeline itself is core's (core/tasks/token_classification.h).

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tasks/token_classification.h"
#include "server/call_context.h"
#include "server/call_job.h"
#include "server/request_validation.h"

namespace octet::server {

class TagCall final : public CallJob {
 public:
  /// Validates and tokenizes `request` for `model`. An error means nothing was queued and the
  /// caller finishes the RPC with it.
  static absl::StatusOr<std::unique_ptr<TagCall>> Prepare(const CallContext& call,
                                                          ServedModel* model,
                                                          const v1::TagTokensRequest* request,
                                                          v1::TagTokensResponse* response,
                                                          const RequestLimits& limits);

 private:
  v1::Timing* Respond() override;

  TagCall(const CallContext& call, ServedModel* model, const v1::TagTokensRequest* request,
          v1::TagTokensResponse* response)
      : CallJob(call, model, /*per_token_output=*/true), request_(request), response_(response) {}

  const v1::TagTokensRequest* const request_;  // owned by gRPC until the RPC is finished
  v1::TagTokensResponse* const response_;      // owned by gRPC until the RPC is finished
  TokenClassificationOptions options_;
  std::vector<std::vector<Encoding>> windows_;  // per text
};

}  // namespace octet::server
