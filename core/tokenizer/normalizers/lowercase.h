#pragma once
// The Lowercase normalizer (tokenizers' `Lowercase`): Rust `char::to_lowercase` on every
// character; a character that lowercases to two (U+0130) gives both its own origin.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

class LowercaseNormalizer : public Normalizer {
 public:
  /// Reads tokenizer.json's `{"type": "Lowercase"}` (it has no settings).
  static absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const nlohmann::json& j,
                                                              const std::string& path);

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;
};

}  // namespace octet
