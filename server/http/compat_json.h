#pragma once
// The compatibility routes' request bodies (TEI and the Hugging Face task shape) ↔ the API's
// request and response protos. Pure functions over JSON text: no server, no models, so the fuzz
// target can drive them. Errors are InvalidArgument naming the field, never quoting the input.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "octet/v1/inference.pb.h"

namespace octet::server::http {

/// TEI POST /predict: {"inputs": text | [text, pair] | [[text] | [text, pair], ...],
/// "raw_scores": bool, "truncate": bool, "truncation_direction": "Right"}.
struct TeiPredict {
  v1::ClassifyRequest request;
  bool batch = false;  ///< the answer is a list per input
};
absl::StatusOr<TeiPredict> ParseTeiPredict(absl::string_view body);
/// [{"score", "label"}, ...] per text, best first; a list of those for a batch.
std::string TeiPredictJson(const v1::ClassifyResponse& response, bool batch);

/// TEI POST /tokenize: {"inputs": text | [text, ...], "add_special_tokens": bool}.
struct TeiTokenize {
  std::vector<v1::TokenizeRequest> requests;
};
absl::StatusOr<TeiTokenize> ParseTeiTokenize(absl::string_view body, int max_inputs);
/// [[{"id", "text", "special", "start", "stop"}, ...], ...] (byte offsets; null for special
/// tokens), one list per input.
std::string TeiTokenizeJson(const std::vector<v1::TokenizeResponse>& responses);

/// Hugging Face task shape: {"inputs": ..., "parameters": {...}, "options": {...}}.
/// text-classification: inputs text | [text, ...] | {"text", "text_pair"} | [{...}, ...];
/// parameters top_k, function_to_apply. question-answering: inputs {"question", "context"};
/// parameters top_k, max_answer_len, doc_stride, max_seq_len, max_question_len,
/// handle_impossible_answer. token-classification and zero-shot-classification: task_json.h.
enum class HfTaskKind { kTextClassification, kQuestionAnswering, kTokenClassification, kZeroShot };
struct HfTask {
  HfTaskKind kind = HfTaskKind::kTextClassification;
  bool batch = false;  ///< inputs was a list (token classification, zero-shot)
  v1::ClassifyRequest classify;
  v1::AnswerRequest answer;
  v1::TagTokensRequest tag;
  v1::ZeroShotClassifyRequest zero_shot;
};
/// What the served model does, when the request names one or only one model is served.
enum class HfModelTask {
  kUnknown,
  kSequenceClassification,
  kQuestionAnswering,
  kTokenClassification
};
/// The task: a question-answering or token-classification model's own; for a sequence
/// classifier zero-shot when the parameters hold candidate_labels, else text-classification.
/// With no model known, the shape decides: {"question", ...} inputs are question answering,
/// candidate_labels zero-shot, aggregation_strategy / ignore_labels / stride token
/// classification, anything else text-classification.
absl::StatusOr<HfTask> ParseHfTask(absl::string_view body, HfModelTask model);
/// [[{"label", "score"}, ...], ...]: one list per input, best first.
std::string HfClassifyJson(const v1::ClassifyResponse& response);
/// {"answer", "score", "start", "end"} (character offsets) when top_k is 1, else a list.
std::string HfAnswerJson(const v1::AnswerResponse& response, bool list);

}  // namespace octet::server::http
