#pragma once
// BertNormalizer (Hugging Face `tokenizers`, Rust): clean text, space out CJK ideographs, strip
// accents, lowercase. Every step is character-local, so each output character comes from exactly
// one original character.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// The BertNormalizer flags, as in tokenizer.json's `normalizer` object.
struct NormalizerOptions {
  /// Drop NUL, U+FFFD and control chars; map whitespace to ' '.
  bool clean_text = true;
  /// Put spaces around CJK ideographs.
  bool handle_chinese_chars = true;
  /// NFD then drop Mn; nullopt = follow `lowercase` (as `strip_accents: null`).
  std::optional<bool> strip_accents;
  /// Unicode lowercase (per char, Rust `char::to_lowercase`).
  bool lowercase = true;
};

/// The Rust BertNormalizer, applied one character at a time.
/// Order: clean text → CJK spacing → strip accents (NFD + drop Mn) → lowercase.
class BertNormalizer : public Normalizer {
 public:
  explicit BertNormalizer(const NormalizerOptions& options);

  /// Reads tokenizer.json's `{"type": "BertNormalizer", ...}` (absent flags take the Rust
  /// defaults). Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const nlohmann::json& j,
                                                              const std::string& path);

  const NormalizerOptions& options() const { return options_; }

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;

 private:
  NormalizerOptions options_;
  bool strip_accents_;
};

}  // namespace octet
