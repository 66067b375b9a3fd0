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
/// handle_impossible_answer.
struct HfTask {
  bool question_answering = false;
  v1::ClassifyRequest classify;
  v1::AnswerRequest answer;
};
/// `qa`: the task when the route names a model (null: told by the shape of "inputs").
absl::StatusOr<HfTask> ParseHfTask(absl::string_view body, const bool* qa);
/// [[{"label", "score"}, ...], ...]: one list per input, best first.
std::string HfClassifyJson(const v1::ClassifyResponse& response);
/// {"answer", "score", "start", "end"} (character offsets) when top_k is 1, else a list.
std::string HfAnswerJson(const v1::AnswerResponse& response, bool list);

}  // namespace octet::server::http
