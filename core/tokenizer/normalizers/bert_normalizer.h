#pragma once
// BertNormalizer (Hugging Face `tokenizers`, Rust): clean text, space out CJK ideographs, strip
// accents, lowercase — while remembering which original character every output character came
// from, so token offsets can point into the un-normalized input.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

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

/// Normalized code points, each with the index (in code points) of the original character it
/// came from. Characters are only ever dropped or expanded, never merged, so `origin` is
/// non-decreasing.
struct NormalizedText {
  std::u32string chars;
  std::vector<int32_t> origin;

  void clear() {
    chars.clear();
    origin.clear();
  }
  size_t size() const { return chars.size(); }
};

/// The Rust BertNormalizer, applied one character at a time (every step is character-local).
/// Order: clean text → CJK spacing → strip accents (NFD + drop Mn) → lowercase.
class BertNormalizer {
 public:
  explicit BertNormalizer(const NormalizerOptions& options);

  const NormalizerOptions& options() const { return options_; }

  /// Normalizes `n` code points and appends them to `out`; the i-th input code point is
  /// recorded as original index `first_index + i`.
  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const;

  /// Normalizes a UTF-8 string and returns the normalized UTF-8 string (invalid UTF-8 →
  /// InvalidArgument).
  absl::StatusOr<std::string> Normalize(std::string_view text) const;

 private:
  NormalizerOptions options_;
  bool strip_accents_;
};

}  // namespace octet
