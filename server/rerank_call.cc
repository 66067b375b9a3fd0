#include "server/rerank_call.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tasks/text_classification.h"

namespace octet::server {

absl::StatusOr<std::unique_ptr<RerankCall>> RerankCall::Prepare(const CallContext& call,
                                                                ServedModel* model,
                                                                const v1::RerankRequest* request,
                                                                v1::RerankResponse* response,
                                                                const RequestLimits& limits) {
  OCTET_RETURN_IF_ERROR(ValidateRerank(*request, limits));
  std::unique_ptr<RerankCall> job(new RerankCall(call, model, request, response));
  OCTET_ASSIGN_OR_RETURN(job->label_, RelevanceLabel(model->model->config()));
  TextClassificationOptions options;
  options.max_length = model->max_tokens;
  options.truncation = request->truncate();
  EncodedTexts texts;
  for (int i = 0; i < request->texts_size(); ++i) {
    const TextInput input{request->query(), request->texts(i)};
    if (absl::Status s = EncodeText(model->model->tokenizer(), input, options, &texts); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("texts[%d]: with the query, %s%s", i, s.message(),
                          absl::IsOutOfRange(s) ? "; set truncate to cut it" : ""));
    }
  }
  job->inputs = std::move(texts.sequences);
  job->Tokenized();
  return job;
}

v1::Timing* RerankCall::Respond() {
  response_->set_model(model()->name);
  for (const RankedText& r : RankTexts(output, label_, request_->raw_scores(), request_->top_n())) {
    v1::Rank* rank = response_->add_ranks();
    rank->set_index(static_cast<int32_t>(r.index));
    rank->set_score(r.score);
    if (request_->return_text()) rank->set_text(request_->texts(static_cast<int>(r.index)));
  }
  return response_->mutable_timing();
}

}  // namespace octet::server
