#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"

#include "core/base/unicode_util.h"
#include "nlohmann/json.hpp"

namespace octet {

absl::StatusOr<std::unique_ptr<PreTokenizer>> BertPreTokenizer::FromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return std::make_unique<BertPreTokenizer>();
}

void BertPreTokenizer::Split(std::u32string_view chars, int32_t base,
                             std::vector<CharSpan>* words) const {
  const auto n = static_cast<int32_t>(chars.size());
  int32_t word_start = -1;  // start of the word being built, -1 when none
  for (int32_t i = 0; i < n; ++i) {
    const char32_t c = chars[i];
    const bool space = unicode::IsWhitespace(c);
    const bool punct = !space && unicode::IsBertPunctuation(c);
    if (space || punct) {
      if (word_start >= 0) words->push_back({base + word_start, base + i});
      word_start = -1;
      if (punct) words->push_back({base + i, base + i + 1});
    } else if (word_start < 0) {
      word_start = i;
    }
  }
  if (word_start >= 0) words->push_back({base + word_start, base + n});
}

}  // namespace octet
