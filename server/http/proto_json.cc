#include "server/http/proto_json.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace octet::server::http {
namespace {

// protobuf quotes the offending value ("invalid value \"...\" for type TYPE_INT32"): the input,
// which an error must never echo. Each quoted piece becomes "…"; field names are not quoted.
std::string DropQuoted(absl::string_view message) {
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '"') {
      if (!quoted) out += "\"…\"";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

}  // namespace

absl::Status ParseJsonBody(absl::string_view json, google::protobuf::Message* message) {
  if (absl::StripAsciiWhitespace(json).empty()) return absl::OkStatus();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (status.ok()) return absl::OkStatus();
  // protobuf's message names the field ("Cannot find field: foo", "Invalid value for field
  // bar"); it quotes no more than a short piece of the input. Kept short all the same.
  // Syntax errors continue on a second line with the input around the error: dropped.
  std::string why(status.message());
  why = DropQuoted(why.substr(0, why.find('\n')));
  if (why.size() > 200) why = absl::StrCat(why.substr(0, 200), "…");
  return absl::InvalidArgumentError(
      absl::StrCat("request body: not a valid ", message->GetDescriptor()->name(), " (", why, ")"));
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "{}";
  return out;
}

}  // namespace octet::server::http
