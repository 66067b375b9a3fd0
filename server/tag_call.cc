#include "server/tag_call.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet::server {

absl::StatusOr<std::unique_ptr<TagCall>> TagCall::Prepare(const CallContext& call,
                                                          ServedModel* model,
                                                          const v1::TagTokensRequest* request,
                                                          v1::TagTokensResponse* response,
                                                          const RequestLimits& limits) {
  std::unique_ptr<TagCall> job(new TagCall(call, model, request, response));
  OCTET_RETURN_IF_ERROR(ValidateTagTokens(*request, limits, model->max_tokens, &job->options_));
  int64_t windows = 0;
  for (int i = 0; i < request->texts_size(); ++i) {
    auto encoded = EncodeForTagging(model->model->tokenizer(), request->texts(i), job->options_);
    if (!encoded.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "texts[%d]: %s%s", i, encoded.status().message(),
          absl::IsOutOfRange(encoded.status()) ? "; set stride to tag it in windows" : ""));
    }
    windows += static_cast<int64_t>(encoded->size());
    job->windows_.push_back(*std::move(encoded));
  }
  if (windows > limits.max_texts_per_request) {
    return absl::InvalidArgumentError(
        absl::StrFormat("texts: need %d windows of %d tokens (stride %d), expected at most %d "
                        "(max_texts_per_request); send fewer or shorter texts",
                        windows, job->options_.max_length, job->options_.stride.value_or(0),
                        limits.max_texts_per_request));
  }
  for (const auto& text_windows : job->windows_) {
    for (const Encoding& w : text_windows) job->inputs.Add(w.ids, w.type_ids);
  }
  job->Tokenized();
  return job;
}

v1::Timing* TagCall::Respond() {
  const Model& m = *model()->model;
  response_->set_model(model()->name);
  const bool grouped = options_.aggregation != Aggregation::kNone;
  int64_t row = 0;
  for (size_t i = 0; i < windows_.size(); ++i) {
    v1::TagResult* result = response_->add_results();
    int64_t tokens = 0;
    for (const Encoding& w : windows_[i]) tokens += static_cast<int64_t>(w.size());
    for (const TokenEntity& e :
         DecodeEntities(m.tokenizer(), windows_[i], output, row,
                        request_->texts(static_cast<int>(i)), m.config().labels, options_)) {
      v1::Entity* out = result->add_entities();
      (grouped ? out->mutable_entity_group() : out->mutable_entity())->assign(e.label);
      out->set_score(e.score);
      out->set_word(e.word);
      out->set_start(e.start);
      out->set_end(e.end);
      out->set_byte_start(e.byte_start);
      out->set_byte_end(e.byte_end);
      out->set_index(static_cast<int32_t>(e.index));
    }
    result->set_windows(static_cast<int32_t>(windows_[i].size()));
    result->set_token_count(static_cast<int32_t>(tokens));
    row += tokens;
  }
  return response_->mutable_timing();
}

}  // namespace octet::server
