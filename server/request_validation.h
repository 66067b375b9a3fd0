#pragma once
// Checks requests at the edge, before anything is tokenized or queued.
// Messages name the field and say expected vs got; they quote at most a few bytes of input.

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "core/tasks/question_answering.h"
#include "core/tasks/token_classification.h"
#include "octet/v1/inference.pb.h"

namespace octet::server {

struct RequestLimits {
  int max_texts_per_request = 64;
  int64_t max_text_bytes = int64_t{64} * 1024;
};

/// Most answers one Answer request may ask for.
inline constexpr int kMaxAnswerTopK = 100;

/// A text field: non-empty, at most `max_bytes`, valid UTF-8. `field` is e.g. "texts[3]".
absl::Status CheckText(std::string_view field, std::string_view text, int64_t max_bytes);

/// texts (1..limit, each a valid text), text_pairs (none or one per text), top_k in
/// [0, num_labels], function a known value.
absl::Status ValidateClassify(const v1::ClassifyRequest& request, const RequestLimits& limits,
                              int64_t num_labels);

/// question and context (valid texts), and the optional numbers; fills `options` with the values
/// to use (defaults as the HF pipeline: top_k 1, max_answer_len 15, max_seq_len
/// min(384, model limit), doc_stride min(max_seq_len / 2, 128)) and `max_question_len`
/// (default 64).
absl::Status ValidateAnswer(const v1::AnswerRequest& request, const RequestLimits& limits,
                            int64_t model_max_tokens, AnswerOptions* options,
                            int64_t* max_question_len);

/// texts (1..limit, each a valid text), aggregation_strategy a known value, ignore_labels
/// non-empty strings and not beside keep_all_labels, stride in [0, model limit − 3] and not with
/// aggregation none; fills `options` (max_length = the model's limit).
absl::Status ValidateTagTokens(const v1::TagTokensRequest& request, const RequestLimits& limits,
                               int64_t model_max_tokens, TokenClassificationOptions* options);

/// texts and candidate_labels (1..limit each, texts × labels ≤ limit), labels non-empty,
/// distinct and at most 1,000 bytes, hypothesis_template a valid text with "{}" when set.
absl::Status ValidateZeroShot(const v1::ZeroShotClassifyRequest& request,
                              const RequestLimits& limits);

/// query and texts (1..limit) valid texts, top_n in [0, texts].
absl::Status ValidateRerank(const v1::RerankRequest& request, const RequestLimits& limits);

/// text (and text_pair when given) valid texts; max_length in [0, 1,000,000].
absl::Status ValidateTokenize(const v1::TokenizeRequest& request, const RequestLimits& limits);

}  // namespace octet::server
