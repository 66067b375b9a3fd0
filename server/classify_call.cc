#include "server/classify_call.h"

#include <optional>
#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet::server {
namespace {

ScoreFunction FromProto(v1::ScoreFunction f) {
  switch (f) {
    case v1::SCORE_FUNCTION_SOFTMAX:
      return ScoreFunction::kSoftmax;
    case v1::SCORE_FUNCTION_SIGMOID:
      return ScoreFunction::kSigmoid;
    case v1::SCORE_FUNCTION_NONE:
      return ScoreFunction::kNone;
    default:
      return ScoreFunction::kDefault;
  }
}

TextInput InputOf(const v1::ClassifyRequest& request, int i) {
  TextInput input{request.texts(i), std::nullopt};
  if (request.text_pairs_size() > 0) input.text_pair = request.text_pairs(i);
  return input;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ClassifyCall>> ClassifyCall::Prepare(
    const CallContext& call, ServedModel* model, const v1::ClassifyRequest* request,
    v1::ClassifyResponse* response, const RequestLimits& limits) {
  OCTET_RETURN_IF_ERROR(ValidateClassify(
      *request, limits, static_cast<int64_t>(model->model->config().labels.size())));
  std::unique_ptr<ClassifyCall> job(new ClassifyCall(call, model, response));
  job->options_.max_length = model->max_tokens;
  job->options_.truncation = request->truncate();
  job->options_.function = FromProto(request->function());
  job->options_.top_k = request->top_k();
  EncodedTexts texts;
  for (int i = 0; i < request->texts_size(); ++i) {
    if (absl::Status s =
            EncodeText(model->model->tokenizer(), InputOf(*request, i), job->options_, &texts);
        !s.ok()) {
      // Too long (OutOfRange) only happens without truncate: say how to get past it.
      return absl::InvalidArgumentError(
          absl::StrFormat("texts[%d]: %s%s", i, s.message(),
                          absl::IsOutOfRange(s) ? "; set truncate to cut it" : ""));
    }
  }
  job->inputs = std::move(texts.sequences);
  job->truncated_ = std::move(texts.truncated);
  job->Tokenized();
  return job;
}

v1::Timing* ClassifyCall::Respond() {
  const std::vector<std::vector<LabelScore>> scores =
      ScoreTexts(output, model()->model->config(), options_);
  response_->set_model(model()->name);
  for (size_t i = 0; i < scores.size(); ++i) {
    v1::ClassifyResult* result = response_->add_results();
    for (const LabelScore& l : scores[i]) {
      v1::LabelScore* out = result->add_labels();
      out->set_label(l.label);
      out->set_id(l.id);
      out->set_score(l.score);
    }
    result->set_truncated(truncated_[i]);
    result->set_token_count(static_cast<int32_t>(inputs.length(static_cast<int64_t>(i))));
  }
  return response_->mutable_timing();
}

}  // namespace octet::server
