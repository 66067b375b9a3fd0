// `octet tag`: the TagTokens RPC (token classification, NER) from the command line.

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "client/args.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/rpc_util.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {
namespace {

absl::StatusOr<v1::AggregationStrategy> ParseAggregation(const std::string& name) {
  if (name == "none") return v1::AGGREGATION_STRATEGY_NONE;
  if (name == "simple") return v1::AGGREGATION_STRATEGY_SIMPLE;
  if (name == "first") return v1::AGGREGATION_STRATEGY_FIRST;
  if (name == "average") return v1::AGGREGATION_STRATEGY_AVERAGE;
  if (name == "max") return v1::AGGREGATION_STRATEGY_MAX;
  return absl::InvalidArgumentError(absl::StrFormat(
      "--aggregation: expected none, simple, first, average or max, got '%s'", name));
}

}  // namespace

int TagCommand(int argc, char** argv) {
  auto args = ParseArgs(
      argc, argv, 0, WithChannelFlags({"model", "aggregation", "ignore", "stride", "timeout-ms"}),
      WithChannelSwitches({"json", "keep-all"}));
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("tag needs at least one TEXT"), 2);
  }
  auto timeout_ms = args->GetInt("timeout-ms", 30000);
  if (!timeout_ms.ok()) return Fail(timeout_ms.status(), 2);
  auto aggregation = ParseAggregation(args->Get("aggregation").value_or("simple"));
  if (!aggregation.ok()) return Fail(aggregation.status(), 2);

  v1::TagTokensRequest request;
  request.set_model(args->Get("model").value_or(""));
  for (const std::string& t : args->positional) request.add_texts(t);
  request.set_aggregation_strategy(*aggregation);
  if (auto ignore = args->Get("ignore")) {
    for (const std::string& l : std::vector<std::string>(absl::StrSplit(*ignore, ','))) {
      request.add_ignore_labels(l);
    }
  }
  request.set_keep_all_labels(args->Has("keep-all"));
  if (args->Get("stride")) {
    auto stride = args->GetInt("stride", 0);
    if (!stride.ok()) return Fail(stride.status(), 2);
    request.set_stride(static_cast<int32_t>(*stride));
  }

  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  auto stub = v1::Inference::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(*timeout_ms));
  v1::TagTokensResponse response;
  grpc::Status status = stub->TagTokens(&context, request, &response);
  if (!status.ok()) return FailRpc(status);
  if (args->Has("json")) {
    std::cout << ToJson(response) << "\n";
    return 0;
  }
  for (int i = 0; i < response.results_size(); ++i) {
    const v1::TagResult& r = response.results(i);
    const std::string& text = request.texts(i);
    std::cout << absl::StrFormat("%s\n", text);
    for (const v1::Entity& e : r.entities()) {
      const std::string span = text.substr(e.byte_start(), e.byte_end() - e.byte_start());
      std::cout << absl::StrFormat("  %-8s %.4f  [%d, %d)  %s\n",
                                   e.entity_group().empty() ? e.entity() : e.entity_group(),
                                   e.score(), e.start(), e.end(), span);
    }
    if (r.entities_size() == 0) std::cout << "  (no entities)\n";
  }
  std::cerr << TimingLine(response.model(), response.timing());
  return 0;
}

}  // namespace octet::cli
