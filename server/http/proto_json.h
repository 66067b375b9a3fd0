#pragma once
// JSON ↔ proto for the native /v1 routes, with protobuf's own JSON mapping (the proto is the
// one schema). Requests accept the proto field names and their lowerCamelCase forms; responses
// use the proto field names and print every field, zero values included.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace octet::server::http {

/// Parses `json` into `message`. InvalidArgument naming the field protobuf rejected (an unknown
/// field, a wrong type, invalid UTF-8); an empty body is an empty message.
absl::Status ParseJsonBody(absl::string_view json, google::protobuf::Message* message);

/// The message as compact JSON.
std::string ToJson(const google::protobuf::Message& message);

}  // namespace octet::server::http
