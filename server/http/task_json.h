#pragma once
// The compatibility shapes of the three task RPCs (TagTokens, ZeroShotClassify, Rerank):
// TEI's POST /rerank, and the Hugging Face task shape's token-classification and
// zero-shot-classification ({"inputs": ..., "parameters": {...}}). Pure functions over JSON,
// like compat_json.h: no server, no models; errors name the field and never quote the input.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.pb.h"

namespace octet::server::http {

/// TEI POST /rerank: {"query", "texts": [...], "raw_scores", "return_text", "truncate",
/// "truncation_direction": "Right"}.
absl::StatusOr<v1::RerankRequest> ParseTeiRerank(absl::string_view body);
/// [{"index", "text"?, "score"}, ...], best first ("text" only when asked for).
std::string TeiRerankJson(const v1::RerankResponse& response);

/// token-classification: inputs text | [text, ...]; parameters aggregation_strategy
/// (none / simple / first / average / max), ignore_labels, stride. `*batch`: inputs was a list.
absl::Status ParseHfTag(const nlohmann::json& inputs, const nlohmann::json& params,
                        v1::TagTokensRequest* request, bool* batch);
/// The pipeline's entities: {"entity_group", "score", "word", "start", "end"} when aggregated,
/// {"entity", "score", "index", "word", "start", "end"} per token otherwise (character
/// offsets); a list per text when `batch`.
std::string HfEntitiesJson(const v1::TagTokensResponse& response, bool batch);

/// zero-shot-classification: inputs text | [text, ...]; parameters candidate_labels (a list, or
/// one comma-separated string as the pipeline splits it), hypothesis_template, multi_label.
absl::Status ParseHfZeroShot(const nlohmann::json& inputs, const nlohmann::json& params,
                             v1::ZeroShotClassifyRequest* request, bool* batch);
/// {"sequence", "labels", "scores"} per text, labels best first; a list when `batch`.
std::string HfZeroShotJson(const v1::ZeroShotClassifyRequest& request,
                           const v1::ZeroShotClassifyResponse& response, bool batch);

/// True when `params` holds a key only that task takes: "candidate_labels" (zero-shot);
/// "aggregation_strategy", "ignore_labels" or "stride" (token classification).
bool HasZeroShotParameters(const nlohmann::json& params);
bool HasTagParameters(const nlohmann::json& params);

}  // namespace octet::server::http
