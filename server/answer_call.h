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
#include "server/job.h"
#include "server/request_validation.h"

namespace octet::server {

class AnswerCall final : public Job {
 public:
  /// Validates and tokenizes `request` for `model`. An error means nothing was queued and the
  /// caller finishes the RPC with it.
  static absl::StatusOr<std::unique_ptr<AnswerCall>> Prepare(const CallContext& call,
                                                             ServedModel* model,
                                                             const v1::AnswerRequest* request,
                                                             v1::AnswerResponse* response,
                                                             const RequestLimits& limits);

  bool IsCancelled() const override { return call_.IsCancelled(); }
  void Complete(const absl::Status& status) override;

 private:
  AnswerCall(const CallContext& call, ServedModel* model, const v1::AnswerRequest* request,
             v1::AnswerResponse* response)
      : Job(model, /*per_token_output=*/true),
        call_(call),
        request_(request),
        response_(response) {}

  const CallContext call_;
  const v1::AnswerRequest* const request_;  // owned by the transport until the call is finished
  v1::AnswerResponse* const response_;      // owned by the transport until the call is finished
  AnswerOptions options_;
  std::vector<Encoding> windows_;
  absl::Duration tokenize_;
};

}  // namespace octet::server
