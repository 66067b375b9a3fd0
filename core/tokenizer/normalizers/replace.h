#pragma once
// tokenizers' `Replace` normalizer: every match of a pattern (a literal string or a regular
// expression) is replaced by `content`. The replacement characters are aligned to the last
// character of the match, as the crate aligns them.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

class ReplaceNormalizer : public Normalizer {
 public:
  /// `pattern` is a literal when `is_regex` is false, else an ECMAScript regular expression
  /// over code points (the patterns tokenizer files use, such as " {2,}", mean the same there
  /// as in the crate's Oniguruma). An empty or invalid pattern → InvalidArgument.
  static absl::StatusOr<std::unique_ptr<ReplaceNormalizer>> Create(const std::u32string& pattern,
                                                                   bool is_regex,
                                                                   std::u32string content);
  /// Reads `{"type": "Replace", "pattern": {"String": s} | {"Regex": r}, "content": s}`.
  static absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const nlohmann::json& j,
                                                              const std::string& path);

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;

  /// The [begin, end) character ranges of the non-overlapping matches in `text`, left to right.
  std::vector<std::pair<size_t, size_t>> Matches(std::u32string_view text) const;

 private:
  ReplaceNormalizer() = default;

  std::u32string literal_;  // the pattern when it is a literal
  bool is_regex_ = false;
  std::wregex regex_;
  std::u32string content_;
};

}  // namespace octet
