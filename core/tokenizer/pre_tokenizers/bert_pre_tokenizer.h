#pragma once
// BertPreTokenizer (Hugging Face `tokenizers`): split on whitespace (dropped), then make every
// punctuation character a word of its own.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// Whitespace = Rust `char::is_whitespace`; punctuation = ASCII punctuation or Unicode P*.
class BertPreTokenizer : public SplittingPreTokenizer {
 public:
  /// Reads tokenizer.json's `{"type": "BertPreTokenizer"}` (it has no settings).
  static absl::StatusOr<std::unique_ptr<PreTokenizer>> FromJson(const nlohmann::json& j,
                                                                const std::string& path);

  void Split(std::u32string_view chars, int32_t base, std::vector<CharSpan>* words) const override;
};

}  // namespace octet
