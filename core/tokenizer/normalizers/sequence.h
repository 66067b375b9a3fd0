#pragma once
// tokenizers' `Sequence` normalizer: its normalizers one after the other, each on the previous
// one's output, the alignments carried through.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/tokenizer/normalizers/normalizer.h"

namespace octet {

class SequenceNormalizer : public Normalizer {
 public:
  explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps)
      : steps_(std::move(steps)) {}

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;

 private:
  std::vector<std::unique_ptr<Normalizer>> steps_;
};

}  // namespace octet
