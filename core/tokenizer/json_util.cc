#include "core/tokenizer/json_util.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet {

absl::Status FieldError(const std::string& path, const std::string& field,
                        const std::string& expected, const Json& got) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: \"%s\": expected %s, got %s", path, field, expected, got.dump()));
}

const Json& Field(const Json& obj, const char* key) {
  static const Json* const kNull = new Json();
  const auto it = obj.find(key);
  return it == obj.end() ? *kNull : *it;
}

std::string TypeOf(const Json& obj) {
  if (!obj.is_object()) return "";
  const Json& t = Field(obj, "type");
  return t.is_string() ? t.get<std::string>() : "";
}

std::string OrList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

absl::StatusOr<std::string> ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", path));
  const std::streamoff size = in.tellg();
  if (size < 0) return absl::DataLossError(absl::StrFormat("%s: cannot read file", path));
  std::string text(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(text.data(), size)) {
    return absl::DataLossError(absl::StrFormat("%s: cannot read file", path));
  }
  return text;
}

absl::StatusOr<Json> ReadJson(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(std::string text, ReadFileText(path));
  return ParseJsonText(text, path);
}

absl::StatusOr<Json> ParseJsonText(const std::string& text, const std::string& path) {
  Json j = Json::parse(text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: malformed JSON", path));
  }
  if (!j.is_object()) return FieldError(path, "<root>", "a JSON object", j);
  return j;
}

absl::StatusOr<bool> GetBool(const Json& obj, const char* key, bool dflt, const std::string& path,
                             const std::string& ctx) {
  const auto it = obj.find(key);
  if (it == obj.end()) return dflt;
  if (!it->is_boolean()) return FieldError(path, ctx + key, "a boolean", *it);
  return it->get<bool>();
}

absl::StatusOr<std::optional<bool>> GetNullableBool(const Json& obj, const char* key,
                                                    const std::string& path,
                                                    const std::string& ctx) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return FieldError(path, ctx + key, "a boolean or null", *it);
  return std::optional<bool>(it->get<bool>());
}

absl::StatusOr<std::string> GetString(const Json& obj, const char* key, const std::string& dflt,
                                      const std::string& path, const std::string& ctx) {
  const auto it = obj.find(key);
  if (it == obj.end()) return dflt;
  if (!it->is_string()) return FieldError(path, ctx + key, "a string", *it);
  return it->get<std::string>();
}

absl::StatusOr<int64_t> GetInt(const Json& v, const std::string& path, const std::string& field,
                               int64_t min, int64_t max) {
  const bool ok = v.is_number_unsigned()
                      ? v.get<uint64_t>() <= static_cast<uint64_t>(max)
                      : v.is_number_integer() && v.get<int64_t>() >= min && v.get<int64_t>() <= max;
  if (!ok) return FieldError(path, field, absl::StrFormat("an integer in [%d, %d]", min, max), v);
  return v.get<int64_t>();
}

}  // namespace octet
