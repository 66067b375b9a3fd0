#include "server/http/compat_json.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"
#include "nlohmann/json.hpp"
#include "server/http/json_fields.h"
#include "server/http/task_json.h"

namespace octet::server::http {
namespace {

using nlohmann::json;

// One TEI sequence: "text", or ["text"] / ["text", "pair"] inside a batch.
absl::Status AddTeiSequence(const json& s, bool in_batch, size_t i, v1::ClassifyRequest* r) {
  const std::string where = absl::StrCat("inputs[", i, "]");
  if (s.is_string()) {
    r->add_texts(s.get<std::string>());
    return absl::OkStatus();
  }
  if (!in_batch || !s.is_array() || s.empty() || s.size() > 2) {
    return InvalidBody(absl::StrCat(where, ": expected a string, [text] or [text, text_pair]"));
  }
  OCTET_ASSIGN_OR_RETURN(std::string text, JsonString(s[0], where));
  r->add_texts(std::move(text));
  if (s.size() == 2) {
    OCTET_ASSIGN_OR_RETURN(std::string pair, JsonString(s[1], where));
    r->add_text_pairs(std::move(pair));
  }
  return absl::OkStatus();
}

json LabelList(const v1::ClassifyResult& result) {
  json labels = json::array();
  for (const v1::LabelScore& l : result.labels()) {
    labels.push_back({{"score", l.score()}, {"label", l.label()}});
  }
  return labels;
}

}  // namespace

absl::StatusOr<TeiPredict> ParseTeiPredict(absl::string_view body) {
  OCTET_ASSIGN_OR_RETURN(json doc, ParseObject(body));
  OCTET_RETURN_IF_ERROR(
      OnlyKeys(doc, {"inputs", "raw_scores", "truncate", "truncation_direction"}, "the body"));
  TeiPredict out;
  OCTET_ASSIGN_OR_RETURN(const bool raw, OptionalBool(doc, "raw_scores", false));
  OCTET_ASSIGN_OR_RETURN(const bool truncate, OptionalBool(doc, "truncate", false));
  if (auto it = doc.find("truncation_direction"); it != doc.end() && !it->is_null()) {
    if (!it->is_string() || !absl::EqualsIgnoreCase(it->get<std::string>(), "right")) {
      return InvalidBody("'truncation_direction': only \"Right\" is supported");
    }
  }
  out.request.set_truncate(truncate);
  out.request.set_function(raw ? v1::SCORE_FUNCTION_NONE : v1::SCORE_FUNCTION_UNSPECIFIED);
  auto inputs = doc.find("inputs");
  if (inputs == doc.end()) return InvalidBody("'inputs': missing");
  if (inputs->is_string()) {
    out.request.add_texts(inputs->get<std::string>());
  } else if (inputs->is_array() && inputs->size() == 2 && (*inputs)[0].is_string() &&
             (*inputs)[1].is_string()) {
    // TEI reads two strings as one pair.
    out.request.add_texts((*inputs)[0].get<std::string>());
    out.request.add_text_pairs((*inputs)[1].get<std::string>());
  } else if (inputs->is_array() && !inputs->empty()) {
    out.batch = true;
    for (size_t i = 0; i < inputs->size(); ++i) {
      OCTET_RETURN_IF_ERROR(AddTeiSequence((*inputs)[i], true, i, &out.request));
    }
    if (out.request.text_pairs_size() != 0 &&
        out.request.text_pairs_size() != out.request.texts_size()) {
      return InvalidBody("'inputs': either every input is a pair or none is");
    }
  } else {
    return InvalidBody("'inputs': expected a string, a [text, text_pair] pair or a non-empty list");
  }
  return out;
}

std::string TeiPredictJson(const v1::ClassifyResponse& response, bool batch) {
  if (!batch)
    return Dump(response.results_size() > 0 ? LabelList(response.results(0)) : json::array());
  json out = json::array();
  for (const v1::ClassifyResult& r : response.results()) out.push_back(LabelList(r));
  return Dump(out);
}

absl::StatusOr<TeiTokenize> ParseTeiTokenize(absl::string_view body, int max_inputs) {
  OCTET_ASSIGN_OR_RETURN(json doc, ParseObject(body));
  OCTET_RETURN_IF_ERROR(OnlyKeys(doc, {"inputs", "add_special_tokens"}, "the body"));
  OCTET_ASSIGN_OR_RETURN(const bool special, OptionalBool(doc, "add_special_tokens", true));
  auto inputs = doc.find("inputs");
  if (inputs == doc.end()) return InvalidBody("'inputs': missing");
  std::vector<json> items;
  if (inputs->is_string()) {
    items.push_back(*inputs);
  } else if (inputs->is_array() && !inputs->empty()) {
    if (static_cast<int64_t>(inputs->size()) > max_inputs) {
      return InvalidBody(absl::StrCat("'inputs': ", inputs->size(), " texts, expected at most ",
                                      max_inputs, " (max_texts_per_request)"));
    }
    items.assign(inputs->begin(), inputs->end());
  } else {
    return InvalidBody("'inputs': expected a string or a non-empty list of strings");
  }
  TeiTokenize out;
  for (size_t i = 0; i < items.size(); ++i) {
    OCTET_ASSIGN_OR_RETURN(std::string text, JsonString(items[i], absl::StrCat("inputs[", i, "]")));
    v1::TokenizeRequest r;
    r.set_text(std::move(text));
    r.set_add_special_tokens(special);
    out.requests.push_back(std::move(r));
  }
  return out;
}

std::string TeiTokenizeJson(const std::vector<v1::TokenizeResponse>& responses) {
  json out = json::array();
  for (const v1::TokenizeResponse& r : responses) {
    json tokens = json::array();
    for (const v1::Token& t : r.tokens()) {
      json token = {{"id", t.id()}, {"text", t.text()}, {"special", t.special()}};
      token["start"] = t.special() ? json(nullptr) : json(t.byte_start());
      token["stop"] = t.special() ? json(nullptr) : json(t.byte_end());
      tokens.push_back(std::move(token));
    }
    out.push_back(std::move(tokens));
  }
  return Dump(out);
}

namespace {

absl::Status ParseHfClassify(const json& inputs, const json& params, v1::ClassifyRequest* r) {
  OCTET_RETURN_IF_ERROR(OnlyKeys(params, {"top_k", "function_to_apply"}, "'parameters'"));
  auto add = [r](const json& item, const std::string& where) -> absl::Status {
    if (item.is_string()) {
      r->add_texts(item.get<std::string>());
      return absl::OkStatus();
    }
    if (!item.is_object())
      return InvalidBody(absl::StrCat(where, ": expected a string or an object"));
    OCTET_RETURN_IF_ERROR(OnlyKeys(item, {"text", "text_pair"}, where));
    auto text = item.find("text");
    if (text == item.end()) return InvalidBody(absl::StrCat(where, ": 'text' missing"));
    OCTET_ASSIGN_OR_RETURN(std::string t, JsonString(*text, where + ".text"));
    r->add_texts(std::move(t));
    if (auto pair = item.find("text_pair"); pair != item.end() && !pair->is_null()) {
      OCTET_ASSIGN_OR_RETURN(std::string p, JsonString(*pair, where + ".text_pair"));
      r->add_text_pairs(std::move(p));
    }
    return absl::OkStatus();
  };
  if (inputs.is_array()) {
    if (inputs.empty()) return InvalidBody("'inputs': expected at least one text");
    for (size_t i = 0; i < inputs.size(); ++i) {
      OCTET_RETURN_IF_ERROR(add(inputs[i], absl::StrCat("inputs[", i, "]")));
    }
  } else {
    OCTET_RETURN_IF_ERROR(add(inputs, "inputs"));
  }
  if (r->text_pairs_size() != 0 && r->text_pairs_size() != r->texts_size()) {
    return InvalidBody("'inputs': either every input has a text_pair or none has");
  }
  bool set = false;
  OCTET_ASSIGN_OR_RETURN(const int32_t top_k, OptionalInt(params, "top_k", &set));
  if (set && top_k < 1) return InvalidBody("'parameters.top_k': expected at least 1");
  r->set_top_k(top_k);
  if (auto f = params.find("function_to_apply"); f != params.end() && !f->is_null()) {
    const std::string name = f->is_string() ? absl::AsciiStrToLower(f->get<std::string>()) : "";
    if (name == "softmax") {
      r->set_function(v1::SCORE_FUNCTION_SOFTMAX);
    } else if (name == "sigmoid") {
      r->set_function(v1::SCORE_FUNCTION_SIGMOID);
    } else if (name == "none") {
      r->set_function(v1::SCORE_FUNCTION_NONE);
    } else {
      return InvalidBody("'parameters.function_to_apply': expected softmax, sigmoid or none");
    }
  }
  return absl::OkStatus();
}

absl::Status ParseHfAnswer(const json& inputs, const json& params, v1::AnswerRequest* r) {
  if (!inputs.is_object()) return InvalidBody("'inputs': expected {\"question\", \"context\"}");
  OCTET_RETURN_IF_ERROR(OnlyKeys(inputs, {"question", "context"}, "'inputs'"));
  auto q = inputs.find("question");
  auto c = inputs.find("context");
  if (q == inputs.end() || c == inputs.end()) {
    return InvalidBody("'inputs': expected both 'question' and 'context'");
  }
  OCTET_ASSIGN_OR_RETURN(std::string question, JsonString(*q, "inputs.question"));
  OCTET_ASSIGN_OR_RETURN(std::string context, JsonString(*c, "inputs.context"));
  r->set_question(std::move(question));
  r->set_context(std::move(context));
  OCTET_RETURN_IF_ERROR(OnlyKeys(params,
                                 {"top_k", "max_answer_len", "doc_stride", "max_seq_len",
                                  "max_question_len", "handle_impossible_answer"},
                                 "'parameters'"));
  bool set = false;
  OCTET_ASSIGN_OR_RETURN(int32_t v, OptionalInt(params, "top_k", &set));
  if (set) r->set_top_k(v);
  OCTET_ASSIGN_OR_RETURN(v, OptionalInt(params, "max_answer_len", &set));
  if (set) r->set_max_answer_len(v);
  OCTET_ASSIGN_OR_RETURN(v, OptionalInt(params, "doc_stride", &set));
  if (set) r->set_doc_stride(v);
  OCTET_ASSIGN_OR_RETURN(v, OptionalInt(params, "max_seq_len", &set));
  if (set) r->set_max_seq_len(v);
  OCTET_ASSIGN_OR_RETURN(v, OptionalInt(params, "max_question_len", &set));
  if (set) r->set_max_question_len(v);
  OCTET_ASSIGN_OR_RETURN(const bool impossible,
                         OptionalBool(params, "handle_impossible_answer", false));
  r->set_handle_impossible_answer(impossible);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HfTask> ParseHfTask(absl::string_view body, HfModelTask model) {
  OCTET_ASSIGN_OR_RETURN(json doc, ParseObject(body));
  OCTET_RETURN_IF_ERROR(OnlyKeys(doc, {"inputs", "parameters", "options"}, "the body"));
  auto inputs = doc.find("inputs");
  if (inputs == doc.end()) return InvalidBody("'inputs': missing");
  json params = json::object();
  if (auto p = doc.find("parameters"); p != doc.end() && !p->is_null()) {
    if (!p->is_object()) return InvalidBody("'parameters': expected an object");
    params = *p;
  }
  HfTask out;
  switch (model) {
    case HfModelTask::kQuestionAnswering:
      out.kind = HfTaskKind::kQuestionAnswering;
      break;
    case HfModelTask::kTokenClassification:
      out.kind = HfTaskKind::kTokenClassification;
      break;
    case HfModelTask::kSequenceClassification:
      out.kind =
          HasZeroShotParameters(params) ? HfTaskKind::kZeroShot : HfTaskKind::kTextClassification;
      break;
    case HfModelTask::kUnknown:
      if (inputs->is_object() && inputs->contains("question")) {
        out.kind = HfTaskKind::kQuestionAnswering;
      } else if (HasZeroShotParameters(params)) {
        out.kind = HfTaskKind::kZeroShot;
      } else if (HasTagParameters(params)) {
        out.kind = HfTaskKind::kTokenClassification;
      }
      break;
  }
  switch (out.kind) {
    case HfTaskKind::kQuestionAnswering:
      OCTET_RETURN_IF_ERROR(ParseHfAnswer(*inputs, params, &out.answer));
      break;
    case HfTaskKind::kTokenClassification:
      OCTET_RETURN_IF_ERROR(ParseHfTag(*inputs, params, &out.tag, &out.batch));
      break;
    case HfTaskKind::kZeroShot:
      OCTET_RETURN_IF_ERROR(ParseHfZeroShot(*inputs, params, &out.zero_shot, &out.batch));
      break;
    case HfTaskKind::kTextClassification:
      OCTET_RETURN_IF_ERROR(ParseHfClassify(*inputs, params, &out.classify));
      break;
  }
  return out;
}

std::string HfClassifyJson(const v1::ClassifyResponse& response) {
  json out = json::array();
  for (const v1::ClassifyResult& r : response.results()) {
    json labels = json::array();
    for (const v1::LabelScore& l : r.labels()) {
      labels.push_back({{"label", l.label()}, {"score", l.score()}});
    }
    out.push_back(std::move(labels));
  }
  return Dump(out);
}

std::string HfAnswerJson(const v1::AnswerResponse& response, bool list) {
  json answers = json::array();
  for (const v1::Answer& a : response.answers()) {
    answers.push_back(
        {{"answer", a.text()}, {"score", a.score()}, {"start", a.start()}, {"end", a.end()}});
  }
  if (list) return Dump(answers);
  return Dump(answers.empty() ? json::object() : answers[0]);
}

}  // namespace octet::server::http
