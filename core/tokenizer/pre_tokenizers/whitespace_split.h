#pragma once
// tokenizers' `WhitespaceSplit` pre-tokenizer: words are the runs of non-whitespace characters
// (Rust `char::is_whitespace`); the whitespace is dropped.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

class WhitespaceSplitPreTokenizer : public SplittingPreTokenizer {
 public:
  /// Reads `{"type": "WhitespaceSplit"}` (it has no settings).
  static absl::StatusOr<std::unique_ptr<PreTokenizer>> FromJson(const nlohmann::json& j,
                                                                const std::string& path);

  void Split(std::u32string_view chars, int32_t base, std::vector<CharSpan>* words) const override;
};

}  // namespace octet
