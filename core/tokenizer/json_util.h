#pragma once
// The checked accessors every tokenizer.json / tokenizer_config.json reader shares. nlohmann::json
// is used without exceptions: every access checks the type first, and every error names the file
// and the field.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace octet {

using Json = nlohmann::json;

/// The largest token id a tokenizer file may use.
inline constexpr int64_t kMaxTokenId = std::numeric_limits<int32_t>::max();

/// InvalidArgument `PATH: "FIELD": expected EXPECTED, got GOT-AS-JSON`.
absl::Status FieldError(const std::string& path, const std::string& field,
                        const std::string& expected, const Json& got);

/// obj[key], or null when absent (never throws; `obj` must be an object).
const Json& Field(const Json& obj, const char* key);

/// The string "type" of an object, or "" (never throws).
std::string TypeOf(const Json& obj);

/// "a", "a or b", "a, b or c" — how errors list the accepted choices.
std::string OrList(const std::vector<std::string>& items);

/// Reads and parses a JSON file whose root must be an object.
absl::StatusOr<Json> ReadJson(const std::string& path);
/// The bytes of a file (NotFound naming it when it cannot be opened).
absl::StatusOr<std::string> ReadFileText(const std::string& path);
/// Parses `text` (the content of `path`, named in errors); the root must be an object.
absl::StatusOr<Json> ParseJsonText(const std::string& text, const std::string& path);

/// Optional typed fields: absent (or null where noted) → the default. `ctx` prefixes the key in
/// errors (e.g. "normalizer.").
absl::StatusOr<bool> GetBool(const Json& obj, const char* key, bool dflt, const std::string& path,
                             const std::string& ctx);
absl::StatusOr<std::optional<bool>> GetNullableBool(const Json& obj, const char* key,
                                                    const std::string& path,
                                                    const std::string& ctx);
absl::StatusOr<std::string> GetString(const Json& obj, const char* key, const std::string& dflt,
                                      const std::string& path, const std::string& ctx);
/// An integer value in [min, max]; `field` is the full field name for errors.
absl::StatusOr<int64_t> GetInt(const Json& v, const std::string& path, const std::string& field,
                               int64_t min, int64_t max);

}  // namespace octet
