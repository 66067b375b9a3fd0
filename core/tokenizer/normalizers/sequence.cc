#include "core/tokenizer/normalizers/sequence.h"

#include <utility>

namespace octet {

void SequenceNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                         NormalizedText* out) const {
  NormalizedText current, next;
  current.chars.assign(chars, chars + n);
  current.origin.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto at = first_index + static_cast<int32_t>(i);
    current.origin.push_back({at, at + 1});
  }
  for (const std::unique_ptr<Normalizer>& step : steps_) {
    next.clear();
    step->NormalizeSpans(current, &next);
    std::swap(current, next);
  }
  out->chars.append(current.chars);
  out->origin.insert(out->origin.end(), current.origin.begin(), current.origin.end());
}

}  // namespace octet
