#pragma once
// Typed, validated access to the top-level fields of a config.json, with uniform messages:
// "<source>: field '<name>': expected ..., got ...".

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/models/model_config.h"
#include "nlohmann/json.hpp"

namespace octet {

/// Upper bound for every size field: far above real models, low enough that products of two
/// sizes cannot overflow int64 in the loaders.
inline constexpr int64_t kMaxConfigSize = int64_t{1} << 24;

/// A JSON value as short text for "got ..." in messages (at most 60 characters).
std::string BriefJson(const nlohmann::json& value);

/// Reads fields of one config.json object. Absent and JSON null fields are unset (as in
/// transformers) and give the fallback.
class ConfigFields {
 public:
  /// `root` and `source` must outlive this object.
  ConfigFields(const nlohmann::json& root, const std::string& source)
      : root_(root), source_(source) {}

  /// InvalidArgument "<source>: field '<field>': <what>".
  absl::Status Error(std::string_view field, std::string_view what) const;
  /// The value of `key`, or nullptr when absent or null.
  const nlohmann::json* Find(std::string_view key) const;

  /// An integer in [min, max].
  absl::StatusOr<int64_t> Int(std::string_view key, int64_t fallback, int64_t min,
                              int64_t max) const;
  /// An integer that may appear under two names (attribute_map aliases, e.g. DistilBERT's `dim`
  /// and `hidden_size`); when both are present they must agree.
  absl::StatusOr<int64_t> IntWithAlias(std::string_view key, std::string_view alias,
                                       int64_t fallback, int64_t min, int64_t max) const;
  absl::StatusOr<std::string> String(std::string_view key, std::string fallback) const;
  absl::StatusOr<bool> Bool(std::string_view key, bool fallback) const;
  /// A finite number > 0.
  absl::StatusOr<float> PositiveFloat(std::string_view key, float fallback) const;
  /// "gelu" (erf), "gelu_new" / "gelu_pytorch_tanh" (tanh form) or "relu"; default "gelu".
  absl::StatusOr<Activation> Act(std::string_view key) const;

  const std::string& source() const { return source_; }

 private:
  const nlohmann::json& root_;
  const std::string& source_;
};

}  // namespace octet
