// `octet rerank`: the Rerank RPC from the command line.

#include <iostream>
#include <string>

#include "absl/strings/str_format.h"
#include "client/args.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/rpc_util.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {

int RerankCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0, WithChannelFlags({"model", "query", "top-n", "timeout-ms"}),
                        WithChannelSwitches({"json", "raw-scores", "truncate"}));
  if (!args.ok()) return Fail(args.status(), 2);
  auto query = args->Get("query");
  if (!query || args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("rerank needs --query Q and at least one TEXT"), 2);
  }
  auto top_n = args->GetInt("top-n", 0);
  auto timeout_ms = args->GetInt("timeout-ms", 30000);
  if (!top_n.ok()) return Fail(top_n.status(), 2);
  if (!timeout_ms.ok()) return Fail(timeout_ms.status(), 2);

  v1::RerankRequest request;
  request.set_model(args->Get("model").value_or(""));
  request.set_query(*query);
  for (const std::string& t : args->positional) request.add_texts(t);
  request.set_top_n(static_cast<int32_t>(*top_n));
  request.set_raw_scores(args->Has("raw-scores"));
  request.set_truncate(args->Has("truncate"));
  request.set_return_text(args->Has("json"));

  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  auto stub = v1::Inference::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(*timeout_ms));
  v1::RerankResponse response;
  grpc::Status status = stub->Rerank(&context, request, &response);
  if (!status.ok()) return FailRpc(status);
  if (args->Has("json")) {
    std::cout << ToJson(response) << "\n";
    return 0;
  }
  std::cout << absl::StrFormat("%s\n", request.query());
  for (const v1::Rank& r : response.ranks()) {
    std::cout << absl::StrFormat("  %2d  %.4f  %s\n", r.index(), r.score(),
                                 request.texts(r.index()));
  }
  std::cerr << TimingLine(response.model(), response.timing());
  return 0;
}

}  // namespace octet::cli
