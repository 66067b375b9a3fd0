#include "core/tokenizer/pre_tokenizers/sequence.h"

#include <utility>

namespace octet {

void SequencePreTokenizer::PreTokenize(std::u32string_view chars, const CharSpan* origin,
                                       PreTokenizedText* out) const {
  PreTokenizedText current, next;
  current.AddWord(chars, origin);
  for (const std::unique_ptr<PreTokenizer>& step : steps_) {
    next.clear();
    for (const CharSpan& w : current.words) {
      step->PreTokenize(std::u32string_view(current.chars).substr(w.begin, w.end - w.begin),
                        current.origin.data() + w.begin, &next);
    }
    std::swap(current, next);
  }
  for (const CharSpan& w : current.words) {
    out->AddWord(std::u32string_view(current.chars).substr(w.begin, w.end - w.begin),
                 current.origin.data() + w.begin);
  }
}

}  // namespace octet
