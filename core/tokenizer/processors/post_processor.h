#pragma once
// The post-processor seam (tokenizer.json `post_processor`): adds the special tokens around one
// or two encoded sequences and sets their type ids.

#include <cstdint>
#include <optional>

#include "core/tokenizer/tokenizer_encoding.h"

namespace octet {

/// A tokenizer.json post-processor. Implementations are immutable and thread-safe.
class PostProcessor {
 public:
  virtual ~PostProcessor() = default;

  /// Number of tokens Process adds with add_special_tokens (what truncation reserves).
  virtual int64_t AddedTokens(bool is_pair) const = 0;

  /// Hugging Face PostProcessor::process: sets the type ids, adds the special tokens (only with
  /// `add_special_tokens`) and merges the parts; overflow windows get their own special tokens.
  /// `first` / `second` are encodings without special tokens (sequence ids 0 / 1).
  virtual Encoding Process(Encoding first, std::optional<Encoding> second,
                           bool add_special_tokens) const = 0;
};

}  // namespace octet
