#pragma once
// tokenizers' `NFD`, `NFKD`, `NFC` and `NFKC` normalizers: Unicode normalization with the
// alignments the crate's unicode-normalization-alignments iterators give each output character
// (Unicode 9.0 data; unicode_forms_tables.h).
//
// Decomposition gives the first character of each input character's decomposition change 0 and
// the rest +1, then puts each run of combining marks in canonical order (stable by combining
// class; the changes travel with their characters). Composition merges a starter with a
// following unblocked mark into their primary composite, whose change is the sum of both less
// one. The changes then align the output to the input as every rewrite does (ApplyChanges).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

enum class UnicodeForm { kNfd, kNfkd, kNfc, kNfkc };

/// The combining class of `c` in Unicode 9.0 (0 for characters assigned later).
uint8_t CombiningClass(char32_t c);

/// True for a combining mark (general category Mn, Mc or Me) in Unicode 9.0.
bool IsCombiningMark(char32_t c);

/// Appends the normalization of chars[0, n) to `out`, each output character with its change.
void NormalizeUnicodeForm(const char32_t* chars, size_t n, UnicodeForm form,
                          std::vector<CharChange>* out);

class UnicodeFormNormalizer : public Normalizer {
 public:
  explicit UnicodeFormNormalizer(UnicodeForm form) : form_(form) {}
  /// Read `{"type": "NFD"}` and its siblings (no settings).
  static absl::StatusOr<std::unique_ptr<Normalizer>> NfdFromJson(const nlohmann::json& j,
                                                                 const std::string& path);
  static absl::StatusOr<std::unique_ptr<Normalizer>> NfkdFromJson(const nlohmann::json& j,
                                                                  const std::string& path);
  static absl::StatusOr<std::unique_ptr<Normalizer>> NfcFromJson(const nlohmann::json& j,
                                                                 const std::string& path);
  static absl::StatusOr<std::unique_ptr<Normalizer>> NfkcFromJson(const nlohmann::json& j,
                                                                  const std::string& path);

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;

 private:
  UnicodeForm form_;
};

}  // namespace octet
