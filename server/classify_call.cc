#include "server/classify_call.h"

#include "absl/strings/str_format.h"
#include "core/tasks/classification.h"

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

absl::StatusOr<Encoding> EncodeOne(const Tokenizer& tokenizer, const v1::ClassifyRequest& request,
                                   int i, const EncodeOptions& options) {
  if (request.text_pairs_size() == 0) return tokenizer.Encode(request.texts(i), options);
  return tokenizer.EncodePair(request.texts(i), request.text_pairs(i), options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ClassifyCall>> ClassifyCall::Prepare(
    const CallContext& call, ServedModel* model, const v1::ClassifyRequest* request,
    v1::ClassifyResponse* response, const RequestLimits& limits) {
  const ModelConfig& config = model->model->config();
  if (absl::Status s =
          ValidateClassify(*request, limits, static_cast<int64_t>(config.labels.size()));
      !s.ok()) {
    return s;
  }
  std::unique_ptr<ClassifyCall> job(new ClassifyCall(call, model, request, response));
  const Tokenizer& tokenizer = model->model->tokenizer();
  const int64_t limit = model->max_tokens;
  EncodeOptions whole;  // no truncation: to count tokens
  EncodeOptions cut;
  cut.max_length = limit;
  cut.truncation = Truncation::kLongestFirst;
  const int n = request->texts_size();
  job->truncated_.assign(n, false);
  for (int i = 0; i < n; ++i) {
    // With truncate, encode once with the cut; only a result at the limit may have lost tokens,
    // so only then is the whole text counted (a huge text of few tokens is tokenized once).
    auto enc = EncodeOne(tokenizer, *request, i, request->truncate() ? cut : whole);
    if (enc.ok() && request->truncate() && static_cast<int64_t>(enc->size()) >= limit) {
      auto uncut = EncodeOne(tokenizer, *request, i, whole);
      job->truncated_[i] = uncut.ok() && static_cast<int64_t>(uncut->size()) > limit;
    }
    if (enc.ok() && static_cast<int64_t>(enc->size()) > limit) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "texts[%d]: %d tokens, expected at most %d (the model's limit); set truncate to cut it",
          i, enc->size(), limit));
    }
    if (!enc.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("texts[%d]: %s", i, enc.status().message()));
    }
    job->inputs.Add(enc->ids, enc->type_ids);
  }
  job->tokenize_ = absl::Now() - call.received;
  job->deadline = call.Deadline();
  return job;
}

void ClassifyCall::Complete(const absl::Status& status) {
  StageTimings t;
  t.tokenize_ns = Nanos(tokenize_);
  if (!status.ok()) {
    call_.Finish(status, model()->name, t);
    return;
  }
  const absl::Time post_start = absl::Now();
  const ModelConfig& config = model()->model->config();
  const ScoreFunction function = FromProto(request_->function());
  response_->set_model(model()->name);
  for (int i = 0; i < request_->texts_size(); ++i) {
    v1::ClassifyResult* result = response_->add_results();
    for (const LabelScore& l : ScoreLabels(output.row(i), config, function, request_->top_k())) {
      v1::LabelScore* out = result->add_labels();
      out->set_label(l.label);
      out->set_id(l.id);
      out->set_score(l.score);
    }
    result->set_truncated(truncated_[i]);
    result->set_token_count(static_cast<int32_t>(inputs.length(i)));
  }
  const absl::Time end = absl::Now();
  t.queue_ns = Nanos(started - admitted);
  t.inference_ns = Nanos(batch.inference);
  t.postprocess_ns = Nanos(end - post_start);
  t.total_ns = Nanos(end - call_.received);
  FillTiming(t, &batch, response_->mutable_timing());
  call_.Finish(status, model()->name, t, &batch, inputs.num_tokens());
}

}  // namespace octet::server
