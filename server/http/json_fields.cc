#include "server/http/json_fields.h"

#include "absl/strings/str_cat.h"

namespace octet::server::http {

using nlohmann::json;

absl::Status InvalidBody(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("request body: ", what));
}

absl::StatusOr<json> ParseObject(absl::string_view body) {
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidBody("not valid JSON");
  if (!doc.is_object()) return InvalidBody("expected a JSON object");
  return doc;
}

absl::Status OnlyKeys(const json& object, const std::set<std::string>& known,
                      absl::string_view where) {
  for (const auto& item : object.items()) {
    if (known.count(item.key()) == 0) {
      return InvalidBody(absl::StrCat("unknown field '", item.key().substr(0, 64), "' in ", where));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> OptionalBool(const json& object, const char* key, bool otherwise) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return otherwise;
  if (!it->is_boolean()) return InvalidBody(absl::StrCat("'", key, "': expected true or false"));
  return it->get<bool>();
}

absl::StatusOr<int32_t> OptionalInt(const json& object, const char* key, bool* set) {
  *set = false;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return 0;
  if (!it->is_number_integer()) {
    return InvalidBody(absl::StrCat("'", key, "': expected an integer"));
  }
  const int64_t v = it->get<int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) {
    return InvalidBody(absl::StrCat("'", key, "': out of range"));
  }
  *set = true;
  return static_cast<int32_t>(v);
}

absl::StatusOr<std::string> JsonString(const json& value, absl::string_view what) {
  if (!value.is_string()) return InvalidBody(absl::StrCat(what, ": expected a string"));
  return value.get<std::string>();
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace octet::server::http
