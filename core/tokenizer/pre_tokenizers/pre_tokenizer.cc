#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"

namespace octet {

void PreTokenizedText::AddWord(std::u32string_view word, const CharSpan* word_origin) {
  if (word.empty()) return;
  const auto begin = static_cast<int32_t>(chars.size());
  chars.append(word);
  origin.insert(origin.end(), word_origin, word_origin + word.size());
  words.push_back({begin, static_cast<int32_t>(chars.size())});
}

void SplittingPreTokenizer::PreTokenize(std::u32string_view chars, const CharSpan* origin,
                                        PreTokenizedText* out) const {
  std::vector<CharSpan> spans;
  Split(chars, 0, &spans);
  for (const CharSpan& w : spans) {
    out->AddWord(chars.substr(w.begin, w.end - w.begin), origin + w.begin);
  }
}

}  // namespace octet
