#include "server/tokenize_call.h"

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet::server {

absl::Status RunTokenize(const ServedModel& model, const v1::TokenizeRequest& request,
                         const RequestLimits& limits, v1::TokenizeResponse* response) {
  OCTET_RETURN_IF_ERROR(ValidateTokenize(request, limits));
  const Tokenizer& tokenizer = model.model->tokenizer();
  EncodeOptions options;
  options.add_special_tokens = !request.has_add_special_tokens() || request.add_special_tokens();
  options.max_length = request.max_length();
  options.truncation = Truncation::kLongestFirst;
  options.return_overflowing = request.max_length() > 0;
  auto enc = request.has_text_pair()
                 ? tokenizer.EncodePair(request.text(), request.text_pair(), options)
                 : tokenizer.Encode(request.text(), options);
  if (!enc.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("text: %s", enc.status().message()));
  }
  response->set_model(model.name);
  response->set_model_limit(static_cast<int32_t>(model.max_tokens));
  response->set_truncated(!enc->overflowing.empty());
  for (size_t i = 0; i < enc->size(); ++i) {
    v1::Token* t = response->add_tokens();
    t->set_id(enc->ids[i]);
    t->set_text(enc->tokens[i]);
    t->set_start(enc->offsets[i][0]);
    t->set_end(enc->offsets[i][1]);
    t->set_byte_start(enc->byte_offsets[i][0]);
    t->set_byte_end(enc->byte_offsets[i][1]);
    t->set_type_id(enc->type_ids[i]);
    t->set_sequence_id(enc->sequence_ids[i]);
    t->set_word_id(enc->word_ids[i]);
    t->set_special(enc->special_tokens_mask[i] != 0);
  }
  return absl::OkStatus();
}

}  // namespace octet::server
