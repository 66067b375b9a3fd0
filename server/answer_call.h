#pragma once
// An Answer RPC in flight: the question and context are split into windows on the gRPC thread,
// the windows are computed in a batch by a worker, and the answer spans are decoded. The
// pipeline itself is core's (core/tasks/question_answering.h); this maps the request and
// response onto it.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tasks/question_answering.h"
#include "server/call_context.h"
#include "server/call_job.h"
#include "server/request_validation.h"

namespace octet::server {

class AnswerCall final : public CallJob {
 public:
  /// Validates and tokenizes `request` for `model`. An error means nothing was queued and the
  /// caller finishes the RPC with it.
  static absl::StatusOr<std::unique_ptr<AnswerCall>> Prepare(const CallContext& call,
                                                             ServedModel* model,
                                                             const v1::AnswerRequest* request,
                                                             v1::AnswerResponse* response,
                                                             const RequestLimits& limits);

 private:
  v1::Timing* Respond() override;

  AnswerCall(const CallContext& call, ServedModel* model, const v1::AnswerRequest* request,
             v1::AnswerResponse* response)
      : CallJob(call, model, /*per_token_output=*/true), request_(request), response_(response) {}

  const v1::AnswerRequest* const request_;  // owned by the transport until the call is finished
  v1::AnswerResponse* const response_;      // owned by the transport until the call is finished
  AnswerOptions options_;
  std::vector<Encoding> windows_;
};

}  // namespace octet::server
