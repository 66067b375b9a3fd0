#include "client/rpc_util.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"

namespace octet::cli {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::string CodeName(grpc::StatusCode code) {
  // gRPC's codes are absl's, number for number.
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? absl::StrFormat("CODE_%d", static_cast<int>(code)) : name;
}

int FailRpc(const grpc::Status& status) {
  std::fprintf(stderr, "octet: error: %s: %s\n", CodeName(status.error_code()).c_str(),
               status.error_message().c_str());
  return 1;
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "{}";
  return out;
}

std::string FormatNanos(int64_t ns) {
  if (ns >= 1000000) return absl::StrFormat("%.1f ms", ns / 1e6);
  return absl::StrFormat("%d µs", ns / 1000);
}

std::string TimingLine(const std::string& model, const octet::v1::Timing& t) {
  return absl::StrFormat("model %s · %s total (queue %s, inference %s, batch of %d)\n", model,
                         FormatNanos(t.total_ns()), FormatNanos(t.queue_ns()),
                         FormatNanos(t.inference_ns()), t.batch_sequences());
}

}  // namespace octet::cli
