#include "core/tokenizer/pre_tokenizers/whitespace_split.h"

#include "core/base/unicode_util.h"

namespace octet {

absl::StatusOr<std::unique_ptr<PreTokenizer>> WhitespaceSplitPreTokenizer::FromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return std::make_unique<WhitespaceSplitPreTokenizer>();
}

void WhitespaceSplitPreTokenizer::Split(std::u32string_view chars, int32_t base,
                                        std::vector<CharSpan>* words) const {
  size_t i = 0;
  while (i < chars.size()) {
    while (i < chars.size() && unicode::IsWhitespace(chars[i])) ++i;
    const size_t begin = i;
    while (i < chars.size() && !unicode::IsWhitespace(chars[i])) ++i;
    if (i > begin) {
      words->push_back({base + static_cast<int32_t>(begin), base + static_cast<int32_t>(i)});
    }
  }
}

}  // namespace octet
