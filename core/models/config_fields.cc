#include "core/models/config_fields.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet {

using Json = nlohmann::json;

std::string BriefJson(const Json& value) {
  std::string s = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

absl::Status ConfigFields::Error(std::string_view field, std::string_view what) const {
  return absl::InvalidArgumentError(absl::StrFormat("%s: field '%s': %s", source_, field, what));
}

const Json* ConfigFields::Find(std::string_view key) const {
  auto it = root_.find(key);
  return it == root_.end() || it->is_null() ? nullptr : &*it;
}

absl::StatusOr<int64_t> ConfigFields::Int(std::string_view key, int64_t fallback, int64_t min,
                                          int64_t max) const {
  const Json* v = Find(key);
  if (v == nullptr) return fallback;
  const bool in_range = (v->is_number_unsigned() && v->get<uint64_t>() <= uint64_t(max) &&
                         int64_t(v->get<uint64_t>()) >= min) ||
                        (v->is_number_integer() && !v->is_number_unsigned() &&
                         v->get<int64_t>() >= min && v->get<int64_t>() <= max);
  if (!in_range) {
    return Error(
        key, absl::StrFormat("expected an integer in [%d, %d], got %s", min, max, BriefJson(*v)));
  }
  return v->get<int64_t>();
}

absl::StatusOr<int64_t> ConfigFields::IntWithAlias(std::string_view key, std::string_view alias,
                                                   int64_t fallback, int64_t min,
                                                   int64_t max) const {
  OCTET_ASSIGN_OR_RETURN(int64_t value, Int(key, fallback, min, max));
  if (Find(alias) == nullptr) return value;
  OCTET_ASSIGN_OR_RETURN(int64_t alias_value, Int(alias, fallback, min, max));
  if (Find(key) == nullptr) return alias_value;
  if (alias_value != value) {
    return Error(key, absl::StrFormat("%d, but its alias '%s' is %d", value, alias, alias_value));
  }
  return value;
}

absl::StatusOr<std::string> ConfigFields::String(std::string_view key, std::string fallback) const {
  const Json* v = Find(key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) return Error(key, absl::StrCat("expected a string, got ", BriefJson(*v)));
  return v->get<std::string>();
}

absl::StatusOr<bool> ConfigFields::Bool(std::string_view key, bool fallback) const {
  const Json* v = Find(key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) {
    return Error(key, absl::StrCat("expected true or false, got ", BriefJson(*v)));
  }
  return v->get<bool>();
}

absl::StatusOr<float> ConfigFields::PositiveFloat(std::string_view key, float fallback) const {
  const Json* v = Find(key);
  if (v == nullptr) return fallback;
  const float f = v->is_number() ? static_cast<float>(v->get<double>()) : 0.0f;
  if (!v->is_number() || !std::isfinite(f) || f <= 0.0f) {
    return Error(key, absl::StrCat("expected a positive number, got ", BriefJson(*v)));
  }
  return f;
}

absl::StatusOr<Activation> ConfigFields::Act(std::string_view key) const {
  OCTET_ASSIGN_OR_RETURN(std::string name, String(key, "gelu"));
  if (name == "gelu") return Activation::kGeluErf;
  if (name == "gelu_new" || name == "gelu_pytorch_tanh") return Activation::kGeluTanh;
  if (name == "relu") return Activation::kRelu;
  return Error(key, absl::StrFormat("unsupported activation '%s'; expected one of gelu, "
                                    "gelu_new, gelu_pytorch_tanh, relu",
                                    name));
}

}  // namespace octet
