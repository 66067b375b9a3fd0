#pragma once
// A ZeroShotClassify RPC in flight: one (text, hypothesis) pair per text and candidate label,
// tokenized on the gRPC thread and computed together in one job (one request, many sequences),
// then scored per text. The pipeline itself is core's (core/tasks/zero_shot.h).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tasks/zero_shot.h"
#include "server/call_context.h"
#include "server/call_job.h"
#include "server/request_validation.h"

namespace octet::server {

class ZeroShotCall final : public CallJob {
 public:
  /// Validates and tokenizes `request` for `model`: FailedPrecondition when the model has no
  /// entailment label. An error means nothing was queued.
  static absl::StatusOr<std::unique_ptr<ZeroShotCall>> Prepare(
      const CallContext& call, ServedModel* model, const v1::ZeroShotClassifyRequest* request,
      v1::ZeroShotClassifyResponse* response, const RequestLimits& limits);

 private:
  v1::Timing* Respond() override;

  ZeroShotCall(const CallContext& call, ServedModel* model, v1::ZeroShotClassifyResponse* response)
      : CallJob(call, model, /*per_token_output=*/false), response_(response) {}

  v1::ZeroShotClassifyResponse* const response_;  // owned by gRPC until the RPC is finished
  ZeroShotOptions options_;
  std::vector<std::string> labels_;
  int64_t entailment_id_ = 0;
  std::vector<bool> truncated_;  // per text
};

}  // namespace octet::server
