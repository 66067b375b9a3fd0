#pragma once
// What the gRPC subcommands share: the channel to --addr, printing an RPC failure, and
// protobuf → JSON for --json.

#include <memory>
#include <string>

#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "octet/v1/inference.pb.h"

namespace octet::cli {

/// Default for --addr.
inline constexpr char kDefaultAddress[] = "localhost:50051";

/// An insecure channel to `address` ("host:port").
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

/// "RESOURCE_EXHAUSTED", "NOT_FOUND", ... (absl::StatusCodeToString); "CODE_<n>" for a number
/// that is no code.
std::string CodeName(grpc::StatusCode code);

/// Prints "octet: error: CODE: message" to stderr and returns 1.
int FailRpc(const grpc::Status& status);

/// The message as one line of JSON with the proto field names (snake_case) and every field,
/// defaults included.
std::string ToJson(const google::protobuf::Message& message);

/// "3.2 ms", "850 µs" for nanoseconds.
std::string FormatNanos(int64_t ns);

/// "model M · T total (queue Q, inference I, batch of B)": a batched RPC's timing line.
std::string TimingLine(const std::string& model, const octet::v1::Timing& t);

}  // namespace octet::cli
