#pragma once
// Reading the fields of a JSON request body, for the compatibility routes' adapters: each error
// is InvalidArgument naming the field ("request body: 'inputs': expected a string"), never
// quoting the input.

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace octet::server::http {

/// InvalidArgument "request body: <what>".
absl::Status InvalidBody(absl::string_view what);

/// The body as a JSON object.
absl::StatusOr<nlohmann::json> ParseObject(absl::string_view body);

/// InvalidArgument naming the first key of `object` not in `known` (cut to 64 bytes).
absl::Status OnlyKeys(const nlohmann::json& object, const std::set<std::string>& known,
                      absl::string_view where);

/// A boolean field, `otherwise` when absent or null.
absl::StatusOr<bool> OptionalBool(const nlohmann::json& object, const char* key, bool otherwise);

/// An integer field that fits in 32 bits; `*set` tells whether it was given.
absl::StatusOr<int32_t> OptionalInt(const nlohmann::json& object, const char* key, bool* set);

/// `value` as a string; `what` names it in the error.
absl::StatusOr<std::string> JsonString(const nlohmann::json& value, absl::string_view what);

/// Compact JSON text; invalid UTF-8 in strings is replaced rather than thrown on.
std::string Dump(const nlohmann::json& j);

}  // namespace octet::server::http
