// `octet answer`: the Answer RPC from the command line.

#include <cstdio>
#include <iostream>

#include "absl/strings/str_format.h"
#include "client/args.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/rpc_util.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {

int AnswerCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0,
                        WithChannelFlags({"model", "question", "context", "top-k", "max-answer-len",
                                          "max-seq-len", "doc-stride", "timeout-ms"}),
                        WithChannelSwitches({"json", "impossible"}));
  if (!args.ok()) return Fail(args.status(), 2);
  auto question = args->Get("question");
  auto context_text = args->Get("context");
  if (!question || !context_text || !args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("answer needs --question Q --context C"), 2);
  }
  auto timeout_ms = args->GetInt("timeout-ms", 30000);
  if (!timeout_ms.ok()) return Fail(timeout_ms.status(), 2);

  v1::AnswerRequest request;
  request.set_model(args->Get("model").value_or(""));
  request.set_question(*question);
  request.set_context(*context_text);
  request.set_handle_impossible_answer(args->Has("impossible"));
  // Optional numbers: only sent when given, so that the server's defaults apply otherwise.
  struct Optional {
    const char* flag;
    void (v1::AnswerRequest::*set)(int32_t);
  };
  for (const Optional& o : {Optional{"top-k", &v1::AnswerRequest::set_top_k},
                            Optional{"max-answer-len", &v1::AnswerRequest::set_max_answer_len},
                            Optional{"max-seq-len", &v1::AnswerRequest::set_max_seq_len},
                            Optional{"doc-stride", &v1::AnswerRequest::set_doc_stride}}) {
    if (!args->Get(o.flag)) continue;
    auto v = args->GetInt(o.flag, 0);
    if (!v.ok()) return Fail(v.status(), 2);
    (request.*o.set)(static_cast<int32_t>(*v));
  }

  auto channel = MakeChannel(*args);
  if (!channel.ok()) return Fail(channel.status(), 2);
  auto stub = v1::Inference::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(*timeout_ms));
  v1::AnswerResponse response;
  grpc::Status status = stub->Answer(&context, request, &response);
  if (!status.ok()) return FailRpc(status);
  if (args->Has("json")) {
    std::cout << ToJson(response) << "\n";
    return 0;
  }
  for (const v1::Answer& a : response.answers()) {
    std::cout << absl::StrFormat("%s  (score %.4f, characters %d-%d)\n",
                                 a.text().empty() ? "<no answer>" : a.text(), a.score(), a.start(),
                                 a.end());
  }
  const v1::Timing& t = response.timing();
  std::cerr << absl::StrFormat("model %s · %d window(s) · %s total (queue %s, inference %s)\n",
                               response.model(), response.windows(), FormatNanos(t.total_ns()),
                               FormatNanos(t.queue_ns()), FormatNanos(t.inference_ns()));
  return 0;
}

}  // namespace octet::cli
