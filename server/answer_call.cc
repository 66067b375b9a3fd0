#include "server/answer_call.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet::server {

absl::StatusOr<std::unique_ptr<AnswerCall>> AnswerCall::Prepare(const CallContext& call,
                                                                ServedModel* model,
                                                                const v1::AnswerRequest* request,
                                                                v1::AnswerResponse* response,
                                                                const RequestLimits& limits) {
  std::unique_ptr<AnswerCall> job(new AnswerCall(call, model, request, response));
  int64_t max_question_len = 0;
  OCTET_RETURN_IF_ERROR(
      ValidateAnswer(*request, limits, model->max_tokens, &job->options_, &max_question_len));
  auto windows = EncodeQuestionContext(model->model->tokenizer(), request->question(),
                                       request->context(), job->options_);
  if (!windows.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("question and context: %s", windows.status().message()));
  }
  int64_t question_tokens = 0;
  for (int32_t s : windows->front().sequence_ids) question_tokens += s == 0;
  if (question_tokens > max_question_len) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "question: %d tokens, expected at most %d (max_question_len); the question is never "
        "truncated",
        question_tokens, max_question_len));
  }
  if (static_cast<int64_t>(windows->size()) > limits.max_texts_per_request) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "context: needs %d windows of %d tokens (doc_stride %d), expected at most %d "
        "(max_texts_per_request); shorten the context or raise max_seq_len",
        windows->size(), job->options_.max_seq_len, job->options_.doc_stride,
        limits.max_texts_per_request));
  }
  AddWindows(*windows, &job->inputs);
  job->windows_ = *std::move(windows);
  job->Tokenized();
  return job;
}

v1::Timing* AnswerCall::Respond() {
  const std::vector<WindowLogits> logits = SplitWindowLogits(windows_, output);
  response_->set_model(model()->name);
  response_->set_windows(static_cast<int32_t>(windows_.size()));
  for (const AnswerSpan& a : DecodeAnswers(windows_, logits, request_->context(), options_)) {
    v1::Answer* out = response_->add_answers();
    out->set_text(a.text);
    out->set_start(a.start);
    out->set_end(a.end);
    out->set_byte_start(a.byte_start);
    out->set_byte_end(a.byte_end);
    out->set_score(a.score);
  }
  return response_->mutable_timing();
}

}  // namespace octet::server
