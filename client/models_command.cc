// `octet models` and `octet health`: what a server serves, and whether it is ready.

#include <cstdio>
#include <iostream>

#include "absl/strings/str_format.h"
#include "client/args.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/rpc_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {
namespace {

grpc::Status ListModels(const std::shared_ptr<grpc::Channel>& channel,
                        v1::ListModelsResponse* response) {
  auto stub = v1::Inference::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return stub->ListModels(&context, v1::ListModelsRequest(), response);
}

}  // namespace

int ModelsCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0, WithChannelFlags({}), WithChannelSwitches({"json"}));
  if (!args.ok()) return Fail(args.status(), 2);
  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  v1::ListModelsResponse response;
  grpc::Status status = ListModels(*channel, &response);
  if (!status.ok()) return FailRpc(status);
  if (args->Has("json")) {
    std::cout << ToJson(response) << "\n";
    return 0;
  }
  for (const v1::ModelInfo& m : response.models()) {
    std::cout << absl::StrFormat("%s  %s  %s  %s\n", m.name(), m.architecture(),
                                 v1::ModelState_Name(m.state()), v1::Precision_Name(m.precision()));
    if (m.labels_size() > 0) {
      std::string labels;
      for (const std::string& l : m.labels())
        absl::StrAppend(&labels, labels.empty() ? "" : ", ", l);
      std::cout << "  labels: " << labels << "\n";
    }
    std::cout << absl::StrFormat(
        "  max %d tokens; %.1fM parameters; %.1f MB loaded (%.1f MB in FP32); loaded in %.2f s\n",
        m.max_sequence_length(), m.parameter_count() / 1e6, m.weight_bytes() / 1e6,
        m.fp32_weight_bytes() / 1e6, m.load_seconds());
    std::cout << "  self-check: " << m.self_check().summary() << "\n";
    const v1::ModelStats& s = m.stats();
    std::cout << absl::StrFormat(
        "  stats: %d requests, %d batches, %d sequences, %d tokens; skipped %d (deadline), %d "
        "(cancelled)\n",
        s.requests_admitted(), s.batches(), s.sequences_computed(), s.tokens_computed(),
        s.deadline_skipped(), s.cancelled_skipped());
  }
  const v1::ServerLimits& l = response.limits();
  std::cout << absl::StrFormat(
      "server: %d worker(s) × %d thread(s); batches ≤ %d tokens, ≤ %d sequences; queue ≤ %d; "
      "≤ %d texts of ≤ %d bytes per request\n",
      l.workers(), l.threads_per_worker(), l.max_batch_tokens(), l.max_batch_size(), l.max_queue(),
      l.max_texts_per_request(), l.max_text_bytes());
  return 0;
}

int HealthCommand(int argc, char** argv) {
  auto args =
      ParseArgs(argc, argv, 0, WithChannelFlags({"service"}), WithChannelSwitches({"json"}));
  if (!args.ok()) return Fail(args.status(), 2);
  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  // Which services to ask: the one given, or the process ("") and every model.
  std::vector<std::string> services;
  if (auto s = args->Get("service")) {
    services.push_back(*s);
  } else {
    services.emplace_back("");
    v1::ListModelsResponse models;
    if (ListModels(*channel, &models).ok()) {
      for (const v1::ModelInfo& m : models.models()) services.push_back(m.name());
    }
  }
  auto stub = grpc::health::v1::Health::NewStub(*channel);
  bool all_serving = true;
  for (const std::string& service : services) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::Status status = stub->Check(&context, request, &response);
    if (!status.ok()) return FailRpc(status);
    const std::string state =
        grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
    all_serving &= response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
    if (args->Has("json")) {
      std::cout << absl::StrFormat("{\"service\": \"%s\", \"status\": \"%s\"}\n", service, state);
    } else {
      std::cout << absl::StrFormat("%-24s %s\n", service.empty() ? "(server)" : service, state);
    }
  }
  return all_serving ? 0 : 1;
}

}  // namespace octet::cli
