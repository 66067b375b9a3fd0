#pragma once
// tokenizers' `StripAccents` normalizer: removes the combining marks (general category Mn, Mc
// and Me in the crate's Unicode 9.0 tables; BertNormalizer's strip_accents removes Mn only). It
// does not decompose; files put an NFD or NFKD before it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

class StripAccentsNormalizer : public Normalizer {
 public:
  /// Reads `{"type": "StripAccents"}` (it has no settings).
  static absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const nlohmann::json& j,
                                                              const std::string& path);

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;
};

}  // namespace octet
