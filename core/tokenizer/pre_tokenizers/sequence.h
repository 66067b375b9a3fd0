#pragma once
// tokenizers' `Sequence` pre-tokenizer: each pre-tokenizer splits every word the previous one
// made.

#include <memory>
#include <string_view>
#include <vector>

#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"

namespace octet {

class SequencePreTokenizer : public PreTokenizer {
 public:
  explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps)
      : steps_(std::move(steps)) {}

  void PreTokenize(std::u32string_view chars, const CharSpan* origin,
                   PreTokenizedText* out) const override;

  const std::vector<std::unique_ptr<PreTokenizer>>& steps() const { return steps_; }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

}  // namespace octet
