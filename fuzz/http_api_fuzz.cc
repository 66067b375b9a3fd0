// Fuzzes the HTTP API's pure layers (server/http/): the router with arbitrary methods and paths,
// protobuf's JSON mapping of the /v1 request bodies, the TEI and Hugging Face body adapters (the
// task RPCs' too), and the error body. The first byte picks the layer; the rest is the input.

#include <cstddef>
#include <cstdint>
#include <string>

#include "nlohmann/json.hpp"
#include "server/http/compat_json.h"
#include "server/http/http_errors.h"
#include "server/http/http_router.h"
#include "server/http/proto_json.h"
#include "server/http/task_json.h"

namespace {

using namespace octet::server::http;  // NOLINT(google-build-using-namespace)

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// An error status must be InvalidArgument and its message must not quote a long run of input.
void CheckError(const absl::Status& s) { Check(s.ok() || absl::IsInvalidArgument(s)); }

template <typename Message>
void RoundTrip(const std::string& body) {
  Message m;
  const absl::Status s = ParseJsonBody(body, &m);
  CheckError(s);
  if (!s.ok()) return;
  Message again;
  Check(ParseJsonBody(ToJson(m), &again).ok());
  Check(again.SerializeAsString() == m.SerializeAsString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t kind = data[0] % 9;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (kind) {
    case 0: {  // "METHOD PATH"
      const size_t space = input.find(' ');
      const std::string method = input.substr(0, space);
      const std::string path = space == std::string::npos ? "" : input.substr(space + 1);
      const RouteMatch m = MatchRoute(method, path);
      if (m.route != nullptr) {
        Check(method == m.route->method);
        Check(m.allow.empty());
        const bool named = std::string(m.route->pattern).find("{name}") != std::string::npos;
        Check(named != m.name.empty());
        Check(m.name.find('/') == std::string::npos);
      }
      break;
    }
    case 1:
      RoundTrip<octet::v1::ClassifyRequest>(input);
      break;
    case 2:
      RoundTrip<octet::v1::AnswerRequest>(input);
      break;
    case 3:
      RoundTrip<octet::v1::TokenizeRequest>(input);
      break;
    case 4: {
      auto p = ParseTeiPredict(input);
      CheckError(p.status());
      if (p.ok()) {
        Check(p->request.texts_size() >= 1);
        Check(p->request.text_pairs_size() == 0 ||
              p->request.text_pairs_size() == p->request.texts_size());
      }
      break;
    }
    case 5: {
      auto t = ParseTeiTokenize(input, 8);
      CheckError(t.status());
      if (t.ok()) Check(!t->requests.empty() && t->requests.size() <= 8);
      break;
    }
    case 6: {
      const auto model = static_cast<HfModelTask>(input.size() % 4);
      auto h = ParseHfTask(input, model);
      CheckError(h.status());
      if (!h.ok()) break;
      switch (h->kind) {
        case HfTaskKind::kTextClassification:
          Check(h->classify.texts_size() >= 1);
          break;
        case HfTaskKind::kTokenClassification:
          Check(h->tag.texts_size() >= 1);
          Check(h->batch || h->tag.texts_size() == 1);
          (void)HfEntitiesJson(octet::v1::TagTokensResponse(), h->batch);
          break;
        case HfTaskKind::kZeroShot:
          Check(h->zero_shot.texts_size() >= 1);
          break;
        case HfTaskKind::kQuestionAnswering:
          Check(model == HfModelTask::kQuestionAnswering || model == HfModelTask::kUnknown);
          break;
      }
      break;
    }
    case 7: {
      auto r = ParseTeiRerank(input);
      CheckError(r.status());
      if (r.ok()) Check(r->texts_size() >= 1);
      break;
    }
    default: {  // 8: any message (invalid UTF-8 included) makes a JSON error body
      const HttpResponse r = ErrorResponse(absl::InvalidArgumentError(input));
      Check(r.status == 400);
      Check(!nlohmann::json::parse(r.body, nullptr, false).is_discarded());
      break;
    }
  }
  return 0;
}
