#include "server/http/task_json.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/base/status_macros.h"
#include "server/http/json_fields.h"

namespace octet::server::http {
namespace {

using nlohmann::json;

// inputs: a string, or a non-empty list of strings.
absl::Status AddTexts(const json& inputs, google::protobuf::RepeatedPtrField<std::string>* texts,
                      bool* batch) {
  *batch = inputs.is_array();
  if (inputs.is_string()) {
    texts->Add(inputs.get<std::string>());
    return absl::OkStatus();
  }
  if (!inputs.is_array() || inputs.empty()) {
    return InvalidBody("'inputs': expected a string or a non-empty list of strings");
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    OCTET_ASSIGN_OR_RETURN(std::string text,
                           JsonString(inputs[i], absl::StrCat("inputs[", i, "]")));
    texts->Add(std::move(text));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::AggregationStrategy> Aggregation(const json& value) {
  const std::string name = value.is_string() ? absl::AsciiStrToLower(value.get<std::string>()) : "";
  if (name == "none") return v1::AGGREGATION_STRATEGY_NONE;
  if (name == "simple") return v1::AGGREGATION_STRATEGY_SIMPLE;
  if (name == "first") return v1::AGGREGATION_STRATEGY_FIRST;
  if (name == "average") return v1::AGGREGATION_STRATEGY_AVERAGE;
  if (name == "max") return v1::AGGREGATION_STRATEGY_MAX;
  return InvalidBody(
      "'parameters.aggregation_strategy': expected none, simple, first, average or max");
}

json EntityJson(const v1::Entity& e) {
  json out = json::object();
  if (!e.entity_group().empty()) {
    out["entity_group"] = e.entity_group();
    out["score"] = e.score();
  } else {
    out["entity"] = e.entity();
    out["score"] = e.score();
    out["index"] = e.index();
  }
  out["word"] = e.word();
  out["start"] = e.start();
  out["end"] = e.end();
  return out;
}

}  // namespace

absl::StatusOr<v1::RerankRequest> ParseTeiRerank(absl::string_view body) {
  OCTET_ASSIGN_OR_RETURN(json doc, ParseObject(body));
  OCTET_RETURN_IF_ERROR(OnlyKeys(
      doc, {"query", "texts", "raw_scores", "return_text", "truncate", "truncation_direction"},
      "the body"));
  v1::RerankRequest out;
  auto query = doc.find("query");
  if (query == doc.end()) return InvalidBody("'query': missing");
  OCTET_ASSIGN_OR_RETURN(std::string q, JsonString(*query, "'query'"));
  out.set_query(std::move(q));
  auto texts = doc.find("texts");
  if (texts == doc.end()) return InvalidBody("'texts': missing");
  if (!texts->is_array() || texts->empty()) {
    return InvalidBody("'texts': expected a non-empty list of strings");
  }
  for (size_t i = 0; i < texts->size(); ++i) {
    OCTET_ASSIGN_OR_RETURN(std::string t, JsonString((*texts)[i], absl::StrCat("texts[", i, "]")));
    out.add_texts(std::move(t));
  }
  OCTET_ASSIGN_OR_RETURN(const bool raw, OptionalBool(doc, "raw_scores", false));
  OCTET_ASSIGN_OR_RETURN(const bool return_text, OptionalBool(doc, "return_text", false));
  OCTET_ASSIGN_OR_RETURN(const bool truncate, OptionalBool(doc, "truncate", false));
  if (auto it = doc.find("truncation_direction"); it != doc.end() && !it->is_null()) {
    if (!it->is_string() || !absl::EqualsIgnoreCase(it->get<std::string>(), "right")) {
      return InvalidBody("'truncation_direction': only \"Right\" is supported");
    }
  }
  out.set_raw_scores(raw);
  out.set_return_text(return_text);
  out.set_truncate(truncate);
  return out;
}

std::string TeiRerankJson(const v1::RerankResponse& response) {
  json out = json::array();
  for (const v1::Rank& r : response.ranks()) {
    json rank = {{"index", r.index()}};
    if (!r.text().empty()) rank["text"] = r.text();
    rank["score"] = r.score();
    out.push_back(std::move(rank));
  }
  return Dump(out);
}

bool HasZeroShotParameters(const json& params) { return params.contains("candidate_labels"); }

bool HasTagParameters(const json& params) {
  return params.contains("aggregation_strategy") || params.contains("ignore_labels") ||
         params.contains("stride");
}

absl::Status ParseHfTag(const json& inputs, const json& params, v1::TagTokensRequest* request,
                        bool* batch) {
  OCTET_RETURN_IF_ERROR(
      OnlyKeys(params, {"aggregation_strategy", "ignore_labels", "stride"}, "'parameters'"));
  OCTET_RETURN_IF_ERROR(AddTexts(inputs, request->mutable_texts(), batch));
  if (auto it = params.find("aggregation_strategy"); it != params.end() && !it->is_null()) {
    OCTET_ASSIGN_OR_RETURN(const v1::AggregationStrategy a, Aggregation(*it));
    request->set_aggregation_strategy(a);
  }
  if (auto it = params.find("ignore_labels"); it != params.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidBody("'parameters.ignore_labels': expected a list");
    // The pipeline leaves nothing out when given an empty list.
    if (it->empty()) request->set_keep_all_labels(true);
    for (size_t i = 0; i < it->size(); ++i) {
      OCTET_ASSIGN_OR_RETURN(
          std::string label,
          JsonString((*it)[i], absl::StrCat("parameters.ignore_labels[", i, "]")));
      request->add_ignore_labels(std::move(label));
    }
  }
  bool set = false;
  OCTET_ASSIGN_OR_RETURN(const int32_t stride, OptionalInt(params, "stride", &set));
  if (set) request->set_stride(stride);
  return absl::OkStatus();
}

std::string HfEntitiesJson(const v1::TagTokensResponse& response, bool batch) {
  json out = json::array();
  for (const v1::TagResult& r : response.results()) {
    json entities = json::array();
    for (const v1::Entity& e : r.entities()) entities.push_back(EntityJson(e));
    if (!batch) return Dump(entities);
    out.push_back(std::move(entities));
  }
  return Dump(out);
}

absl::Status ParseHfZeroShot(const json& inputs, const json& params,
                             v1::ZeroShotClassifyRequest* request, bool* batch) {
  OCTET_RETURN_IF_ERROR(
      OnlyKeys(params, {"candidate_labels", "hypothesis_template", "multi_label"}, "'parameters'"));
  OCTET_RETURN_IF_ERROR(AddTexts(inputs, request->mutable_texts(), batch));
  auto labels = params.find("candidate_labels");
  if (labels == params.end() || labels->is_null()) {
    return InvalidBody("'parameters.candidate_labels': missing");
  }
  if (labels->is_string()) {
    // The pipeline's reading of one string: labels separated by commas, blanks dropped.
    for (absl::string_view part : absl::StrSplit(labels->get<std::string>(), ',')) {
      part = absl::StripAsciiWhitespace(part);
      if (!part.empty()) request->add_candidate_labels(std::string(part));
    }
  } else if (labels->is_array()) {
    for (size_t i = 0; i < labels->size(); ++i) {
      OCTET_ASSIGN_OR_RETURN(
          std::string label,
          JsonString((*labels)[i], absl::StrCat("parameters.candidate_labels[", i, "]")));
      request->add_candidate_labels(std::move(label));
    }
  } else {
    return InvalidBody("'parameters.candidate_labels': expected a list of strings or a string");
  }
  if (auto it = params.find("hypothesis_template"); it != params.end() && !it->is_null()) {
    OCTET_ASSIGN_OR_RETURN(std::string t, JsonString(*it, "parameters.hypothesis_template"));
    request->set_hypothesis_template(std::move(t));
  }
  OCTET_ASSIGN_OR_RETURN(const bool multi, OptionalBool(params, "multi_label", false));
  request->set_multi_label(multi);
  return absl::OkStatus();
}

std::string HfZeroShotJson(const v1::ZeroShotClassifyRequest& request,
                           const v1::ZeroShotClassifyResponse& response, bool batch) {
  json out = json::array();
  for (int i = 0; i < response.results_size(); ++i) {
    json labels = json::array(), scores = json::array();
    for (const v1::LabelScore& l : response.results(i).labels()) {
      labels.push_back(l.label());
      scores.push_back(l.score());
    }
    json one = {{"sequence", i < request.texts_size() ? request.texts(i) : std::string()},
                {"labels", std::move(labels)},
                {"scores", std::move(scores)}};
    if (!batch) return Dump(one);
    out.push_back(std::move(one));
  }
  return Dump(out);
}

}  // namespace octet::server::http
