#include "server/zero_shot_call.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet::server {

absl::StatusOr<std::unique_ptr<ZeroShotCall>> ZeroShotCall::Prepare(
    const CallContext& call, ServedModel* model, const v1::ZeroShotClassifyRequest* request,
    v1::ZeroShotClassifyResponse* response, const RequestLimits& limits) {
  OCTET_RETURN_IF_ERROR(ValidateZeroShot(*request, limits));
  std::unique_ptr<ZeroShotCall> job(new ZeroShotCall(call, model, response));
  OCTET_ASSIGN_OR_RETURN(job->entailment_id_, EntailmentId(model->model->config()));
  job->labels_.assign(request->candidate_labels().begin(), request->candidate_labels().end());
  job->options_.max_length = model->max_tokens;
  job->options_.multi_label = request->multi_label();
  if (request->has_hypothesis_template()) {
    job->options_.hypothesis_template = request->hypothesis_template();
  }
  for (int i = 0; i < request->texts_size(); ++i) {
    bool truncated = false;
    if (absl::Status s = EncodeZeroShot(model->model->tokenizer(), request->texts(i), job->labels_,
                                        job->options_, &job->inputs, &truncated);
        !s.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat("texts[%d]: %s", i, s.message()));
    }
    job->truncated_.push_back(truncated);
  }
  job->Tokenized();
  return job;
}

v1::Timing* ZeroShotCall::Respond() {
  response_->set_model(model()->name);
  const auto n = static_cast<int64_t>(labels_.size());
  for (size_t i = 0; i < truncated_.size(); ++i) {
    v1::ZeroShotResult* result = response_->add_results();
    for (const LabelScore& l : ScoreZeroShot(output, static_cast<int64_t>(i) * n, labels_,
                                             entailment_id_, options_.multi_label)) {
      v1::LabelScore* out = result->add_labels();
      out->set_label(l.label);
      out->set_id(l.id);
      out->set_score(l.score);
    }
    result->set_truncated(truncated_[i]);
  }
  return response_->mutable_timing();
}

}  // namespace octet::server
