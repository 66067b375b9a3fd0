#pragma once
// The Job of one call (Classify, Answer, TagTokens, ZeroShotClassify, Rerank): it carries the
// call's context and owns what every such job does around its response — the deadline and the
// tokenization time at the end of Prepare, the cancellation check, and in Complete the error
// path, the stage timings and the finish. A call class only tokenizes and fills its response.

#include "absl/time/time.h"
#include "octet/v1/inference.pb.h"
#include "server/call_context.h"
#include "server/job.h"

namespace octet::server {

class CallJob : public Job {
 public:
  bool IsCancelled() const final { return call_.IsCancelled(); }
  /// An error finishes the call with it; OK fills the response (Respond) and its timing, then
  /// finishes the call.
  void Complete(const absl::Status& status) final;

 protected:
  CallJob(const CallContext& call, ServedModel* model, bool per_token_output)
      : Job(model, per_token_output), call_(call) {}

  /// Ends Prepare once the inputs are tokenized: the tokenization time and the call's deadline.
  void Tokenized();
  /// Fills the response from `output`; returns the response's Timing to fill.
  virtual v1::Timing* Respond() = 0;

 private:
  const CallContext call_;
  absl::Duration tokenize_;
};

}  // namespace octet::server
