// `octet zero-shot`: the ZeroShotClassify RPC from the command line.

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "client/args.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/rpc_util.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {

int ZeroShotCommand(int argc, char** argv) {
  auto args =
      ParseArgs(argc, argv, 0, WithChannelFlags({"model", "labels", "template", "timeout-ms"}),
                WithChannelSwitches({"json", "multi-label"}));
  if (!args.ok()) return Fail(args.status(), 2);
  if (args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("zero-shot needs at least one TEXT"), 2);
  }
  auto labels = args->Get("labels");
  if (!labels) {
    return Fail(absl::InvalidArgumentError("zero-shot needs --labels A,B,C"), 2);
  }
  auto timeout_ms = args->GetInt("timeout-ms", 30000);
  if (!timeout_ms.ok()) return Fail(timeout_ms.status(), 2);

  v1::ZeroShotClassifyRequest request;
  request.set_model(args->Get("model").value_or(""));
  for (const std::string& t : args->positional) request.add_texts(t);
  // As the pipeline splits a string of labels: on commas, stripped, empty ones dropped.
  for (absl::string_view l : absl::StrSplit(*labels, ',')) {
    l = absl::StripAsciiWhitespace(l);
    if (!l.empty()) request.add_candidate_labels(std::string(l));
  }
  if (auto t = args->Get("template")) request.set_hypothesis_template(*t);
  request.set_multi_label(args->Has("multi-label"));

  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  auto stub = v1::Inference::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(*timeout_ms));
  v1::ZeroShotClassifyResponse response;
  grpc::Status status = stub->ZeroShotClassify(&context, request, &response);
  if (!status.ok()) return FailRpc(status);
  if (args->Has("json")) {
    std::cout << ToJson(response) << "\n";
    return 0;
  }
  for (int i = 0; i < response.results_size(); ++i) {
    const v1::ZeroShotResult& r = response.results(i);
    std::cout << absl::StrFormat("%s%s\n", request.texts(i), r.truncated() ? "  (truncated)" : "");
    for (const v1::LabelScore& l : r.labels()) {
      std::cout << absl::StrFormat("  %-20s %.4f\n", l.label(), l.score());
    }
  }
  std::cerr << TimingLine(response.model(), response.timing());
  return 0;
}

}  // namespace octet::cli
