#include "server/http/tei_routes.h"

#include <vector>

#include "nlohmann/json.hpp"
#include "server/http/compat_json.h"
#include "server/http/http_errors.h"
#include "server/http/native_routes.h"
#include "server/server_config.h"

namespace octet::server::http {
namespace {

// TEI serves one model: the only classification model, else the only model.
absl::StatusOr<ServedModel*> TeiModel(const InferenceCalls& calls) {
  auto classifier = calls.registry().Resolve("", TaskKind::kSequenceClassification);
  return classifier.ok() ? classifier : calls.registry().ResolveAny("");
}

}  // namespace

HttpResponse HandleTeiPredict(const RouteCall& rc) {
  auto parsed = ParseTeiPredict(rc.request.body);
  if (!parsed.ok()) return FailCall(rc, parsed.status());
  v1::ClassifyResponse response;
  const absl::Status status =
      RunCall(rc, [&](const CallContext& c) { rc.calls.Classify(c, &parsed->request, &response); });
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(TeiPredictJson(response, parsed->batch));
}

HttpResponse HandleTeiTokenize(const RouteCall& rc) {
  auto model = TeiModel(rc.calls);
  if (!model.ok()) return FailCall(rc, model.status());
  auto parsed = ParseTeiTokenize(rc.request.body, rc.calls.config().max_texts_per_request);
  if (!parsed.ok()) return FailCall(rc, parsed.status());
  for (v1::TokenizeRequest& r : parsed->requests) r.set_model((*model)->name);
  std::vector<v1::TokenizeResponse> responses(parsed->requests.size());
  for (size_t i = 0; i < parsed->requests.size(); ++i) {
    const absl::Status status = RunCall(rc, [&](const CallContext& c) {
      rc.calls.Tokenize(c, &parsed->requests[i], &responses[i]);
    });
    if (!status.ok()) return ErrorResponse(status);
  }
  return JsonResponse(TeiTokenizeJson(responses));
}

HttpResponse HandleTeiInfo(const RouteCall& rc) {
  auto model = TeiModel(rc.calls);
  if (!model.ok()) return ErrorResponse(model.status());
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
