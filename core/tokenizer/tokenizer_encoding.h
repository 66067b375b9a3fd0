#pragma once
// The output of the tokenizer (Encoding) and the per-call encoding options. Included by
// core/tokenizer/tokenizer.h; users normally include that header.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace octet {

/// One tokenized input (single text or pair), ready for the model. All vectors have size().
struct Encoding {
  std::vector<int32_t> ids, type_ids, attention_mask, special_tokens_mask;
  std::vector<std::string> tokens;
  /// [start, end) in Unicode code points into the ORIGINAL text of the token's own sequence (for
  /// a pair, second-text tokens are relative to the second text); special tokens {0, 0}.
  std::vector<std::array<int64_t, 2>> offsets;
  /// Same as `offsets`, in UTF-8 bytes.
  std::vector<std::array<int64_t, 2>> byte_offsets;
  /// -1 for a special token added by the post-processor, 0 first text, 1 second text.
  std::vector<int32_t> sequence_ids;
  /// Index of the pre-tokenized word within its own sequence (added tokens found in the text
  /// count as words), -1 for post-processor special tokens.
  std::vector<int32_t> word_ids;
  /// Further windows when EncodeOptions::return_overflowing is set, each a full encoding with
  /// special tokens, in Hugging Face order. As in Hugging Face, a window can itself carry
  /// `overflowing` (only with longest_first when both texts overflow); transformers ignores
  /// those nested windows.
  std::vector<Encoding> overflowing;

  size_t size() const { return ids.size(); }
};

/// Which sequence(s) truncation may shorten (Hugging Face TruncationStrategy).
enum class Truncation { kLongestFirst, kOnlyFirst, kOnlySecond };

/// Per-call options of Tokenizer::Encode / EncodePair.
struct EncodeOptions {
  /// Add [CLS] / [SEP] (the post-processor's template).
  bool add_special_tokens = true;
  /// 0 = no truncation; otherwise the maximum length including special tokens
  /// (BERT: 2 for a single text, 3 for a pair).
  int64_t max_length = 0;
  Truncation truncation = Truncation::kLongestFirst;
  /// Overlap between consecutive overflow windows, in tokens.
  int64_t stride = 0;
  /// Keep the windows cut off by truncation in Encoding::overflowing.
  bool return_overflowing = false;
};

}  // namespace octet
