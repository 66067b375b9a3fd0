#pragma once
// tokenizers' `Strip` normalizer: removes leading and/or trailing whitespace (Rust
// `char::is_whitespace`).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

class StripNormalizer : public Normalizer {
 public:
  StripNormalizer(bool left, bool right) : left_(left), right_(right) {}
  /// Reads `{"type": "Strip", "strip_left": bool, "strip_right": bool}` (both default true).
  static absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const nlohmann::json& j,
                                                              const std::string& path);

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;

 private:
  bool left_;
  bool right_;
};

}  // namespace octet
