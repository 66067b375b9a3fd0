#pragma once
// A Classify RPC in flight: validated and tokenized on the gRPC thread, computed in a batch by a
// worker, then scored and finished. The pipeline itself is core's
// (core/tasks/text_classification.h); this maps the request and response onto it.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tasks/text_classification.h"
#include "server/call_context.h"
#include "server/call_job.h"
#include "server/request_validation.h"

namespace octet::server {

class ClassifyCall final : public CallJob {
 public:
  /// Validates and tokenizes `request` for `model`. An error means nothing was queued and the
  /// caller finishes the RPC with it.
  static absl::StatusOr<std::unique_ptr<ClassifyCall>> Prepare(const CallContext& call,
                                                               ServedModel* model,
                                                               const v1::ClassifyRequest* request,
                                                               v1::ClassifyResponse* response,
                                                               const RequestLimits& limits);

 private:
  v1::Timing* Respond() override;

  ClassifyCall(const CallContext& call, ServedModel* model, v1::ClassifyResponse* response)
      : CallJob(call, model, /*per_token_output=*/false), response_(response) {}

  v1::ClassifyResponse* const response_;  // owned by the transport until the call is finished
  TextClassificationOptions options_;
  std::vector<bool> truncated_;  // per text
};

}  // namespace octet::server
