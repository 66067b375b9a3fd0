// `octet classify`: the Classify RPC from the command line.

#include <cstdio>
#include <iostream>

#include "absl/strings/str_format.h"
#include "client/args.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/rpc_util.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {
namespace {

absl::StatusOr<v1::ScoreFunction> ParseFunction(const std::string& name) {
  if (name == "default") return v1::SCORE_FUNCTION_UNSPECIFIED;
  if (name == "softmax") return v1::SCORE_FUNCTION_SOFTMAX;
  if (name == "sigmoid") return v1::SCORE_FUNCTION_SIGMOID;
  if (name == "none") return v1::SCORE_FUNCTION_NONE;
  return absl::InvalidArgumentError(
      absl::StrFormat("--function: expected default, softmax, sigmoid or none, got '%s'", name));
}

}  // namespace

int ClassifyCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0,
                        WithChannelFlags({"model", "top-k", "function", "pair", "timeout-ms"}),
                        WithChannelSwitches({"json", "truncate"}));
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("classify needs at least one TEXT"), 2);
  }
  auto top_k = args->GetInt("top-k", 0);
  auto timeout_ms = args->GetInt("timeout-ms", 30000);
  if (!top_k.ok()) return Fail(top_k.status(), 2);
  if (!timeout_ms.ok()) return Fail(timeout_ms.status(), 2);
  auto function = ParseFunction(args->Get("function").value_or("default"));
  if (!function.ok()) return Fail(function.status(), 2);

  v1::ClassifyRequest request;
  request.set_model(args->Get("model").value_or(""));
  for (const std::string& t : args->positional) request.add_texts(t);
  if (auto pair = args->Get("pair")) {
    if (args->positional.size() != 1) {
      return Fail(absl::InvalidArgumentError("--pair goes with exactly one TEXT"), 2);
    }
    request.add_text_pairs(*pair);
  }
  request.set_top_k(static_cast<int32_t>(*top_k));
  request.set_function(*function);
  request.set_truncate(args->Has("truncate"));

  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  auto stub = v1::Inference::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(*timeout_ms));
  v1::ClassifyResponse response;
  grpc::Status status = stub->Classify(&context, request, &response);
  if (!status.ok()) return FailRpc(status);
  if (args->Has("json")) {
    std::cout << ToJson(response) << "\n";
    return 0;
  }
  for (int i = 0; i < response.results_size(); ++i) {
    const v1::ClassifyResult& r = response.results(i);
    std::cout << absl::StrFormat("%s%s\n", request.texts(i), r.truncated() ? "  (truncated)" : "");
    for (const v1::LabelScore& l : r.labels()) {
      std::cout << absl::StrFormat("  %-20s %.4f\n", l.label(), l.score());
    }
  }
  std::cerr << TimingLine(response.model(), response.timing());
  return 0;
}

}  // namespace octet::cli
