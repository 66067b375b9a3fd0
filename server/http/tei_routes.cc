#include "server/http/tei_routes.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/http/compat_json.h"
#include "server/http/http_errors.h"
#include "server/http/native_routes.h"
#include "server/http/task_json.h"
#include "server/server_config.h"

namespace octet::server::http {
namespace {

// The hint for a server with several models of a TEI route's task.
absl::Status WithFlagHint(const absl::Status& status) {
  if (!absl::IsInvalidArgument(status)) return status;
  return absl::InvalidArgumentError(
      absl::StrCat(status.message(), "; TEI's routes serve one model: choose it with --tei_model"));
}

// TEI serves one model: --tei_model, else the only classification model, else the only model.
absl::StatusOr<ServedModel*> TeiModel(const RouteCall& rc) {
  if (!rc.options.tei_model.empty()) return rc.calls.registry().Find(rc.options.tei_model);
  auto classifier = rc.calls.registry().Resolve("", TaskKind::kSequenceClassification);
  if (classifier.ok()) return classifier;
  auto only = rc.calls.registry().ResolveAny("");
  if (only.ok()) return only;
  return WithFlagHint(only.status());
}

// The classification model /predict and /rerank name in their request: --tei_model's, or the
// only one.
absl::StatusOr<std::string> TeiClassifier(const RouteCall& rc) {
  if (!rc.options.tei_model.empty()) return rc.options.tei_model;
  auto classifier = rc.calls.registry().Resolve("", TaskKind::kSequenceClassification);
  if (!classifier.ok()) return WithFlagHint(classifier.status());
  return (*classifier)->name;
}

// TEI's status codes (its ErrorType): a request the server cannot take (too many inputs, too
// long without truncate, a wrong model) 413 "validation"; overloaded 429; not ready 503
// "unhealthy"; a failure in the model 424 "backend". Codes TEI has no kind for (404, 504,
// 499) keep the googleapis mapping.
HttpResponse TeiError(const absl::Status& status) {
  switch (WireCode(status)) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return ErrorResponse(status, 413, "validation");
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      return ErrorResponse(status, 424, "backend");
    default:
      return ErrorResponse(status);
  }
}

// Finishes the call with `status`, found before the request logic ran; TEI's error for it.
HttpResponse TeiFail(const RouteCall& rc, const absl::Status& status) {
  FailCall(rc, status);
  return TeiError(status);
}

// A body TEI could not deserialize: 422, as its JSON extractor answers.
HttpResponse TeiBodyError(const RouteCall& rc, const absl::Status& status) {
  FailCall(rc, status);
  return ErrorResponse(status, 422, "validation");
}

// Runs one call and answers `json(response)`, or TEI's error for it.
template <typename Response, typename Start, typename ToJsonFn>
HttpResponse Run(const RouteCall& rc, Start&& start, ToJsonFn&& json) {
  Response response;
  const absl::Status status = RunCall(rc, [&](const CallContext& c) { start(c, &response); });
  if (!status.ok()) return TeiError(status);
  return JsonResponse(json(response));
}

}  // namespace

HttpResponse HandleTeiPredict(const RouteCall& rc) {
  auto parsed = ParseTeiPredict(rc.request.body);
  if (!parsed.ok()) return TeiBodyError(rc, parsed.status());
  auto model = TeiClassifier(rc);
  if (!model.ok()) return TeiFail(rc, model.status());
  parsed->request.set_model(*model);
  return Run<v1::ClassifyResponse>(
      rc, [&](const CallContext& c, auto* r) { rc.calls.Classify(c, &parsed->request, r); },
      [&](const auto& r) { return TeiPredictJson(r, parsed->batch); });
}

HttpResponse HandleTeiRerank(const RouteCall& rc) {
  auto parsed = ParseTeiRerank(rc.request.body);
  if (!parsed.ok()) return TeiBodyError(rc, parsed.status());
  auto model = TeiClassifier(rc);
  if (!model.ok()) return TeiFail(rc, model.status());
  parsed->set_model(*model);
  return Run<v1::RerankResponse>(
      rc, [&](const CallContext& c, auto* r) { rc.calls.Rerank(c, &*parsed, r); },
      [](const auto& r) { return TeiRerankJson(r); });
}

HttpResponse HandleTeiTokenize(const RouteCall& rc) {
  auto model = TeiModel(rc);
  if (!model.ok()) return TeiFail(rc, model.status());
  auto parsed = ParseTeiTokenize(rc.request.body, rc.calls.config().max_texts_per_request);
  if (!parsed.ok()) return TeiBodyError(rc, parsed.status());
  for (v1::TokenizeRequest& r : parsed->requests) r.set_model((*model)->name);
  std::vector<v1::TokenizeResponse> responses(parsed->requests.size());
  for (size_t i = 0; i < parsed->requests.size(); ++i) {
    const absl::Status status = RunCall(rc, [&](const CallContext& c) {
      rc.calls.Tokenize(c, &parsed->requests[i], &responses[i]);
    });
    if (!status.ok()) return TeiError(status);
  }
  return JsonResponse(TeiTokenizeJson(responses));
}

HttpResponse HandleTeiInfo(const RouteCall& rc) {
  auto model = TeiModel(rc);
  if (!model.ok()) return TeiFail(rc, model.status());
  const ServedModel& m = **model;
  const ServerConfig& config = rc.calls.config();
  nlohmann::json type;
  if (m.model->config().task == TaskKind::kSequenceClassification) {
    nlohmann::json id2label = nlohmann::json::object(), label2id = nlohmann::json::object();
    const auto& labels = m.model->config().labels;
    for (size_t i = 0; i < labels.size(); ++i) {
      id2label[std::to_string(i)] = labels[i];
      label2id[labels[i]] = i;
    }
    type = {{"classifier", {{"id2label", id2label}, {"label2id", label2id}}}};
  } else if (m.model->config().task == TaskKind::kTokenClassification) {
    type = {{"token_classification", nlohmann::json::object()}};
  } else {
    type = {{"question_answering", nlohmann::json::object()}};
  }
  nlohmann::json body = {
      {"model_id", m.name},
      {"model_sha", nullptr},
      {"model_dtype", config.precision.base == Precision::kInt8 ? "int8" : "float32"},
      {"model_type", type},
      {"max_concurrent_requests", config.max_queue},
      {"max_input_length", m.max_tokens},
      {"max_batch_tokens", config.max_batch_tokens},
      {"max_batch_requests", config.max_batch_size},
      {"max_client_batch_size", config.max_texts_per_request},
      {"tokenization_workers", nullptr},
      {"version", "octet"},
  };
  return JsonResponse(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace octet::server::http
