#pragma once
// Truncation with overflow windows and stride, reproducing Hugging Face `tokenizers`
// (utils/truncation.rs and Encoding::truncate).

#include <cstdint>

#include "absl/status/status.h"
#include "core/tokenizer/tokenizer_encoding.h"

namespace octet {

/// Hugging Face Encoding::truncate (direction right): keeps the first `max_len` tokens and moves
/// the rest into `overflowing` as windows of `max_len` tokens starting every max_len − stride
/// tokens. max_len = 0 moves everything into one overflow window. InvalidArgument when a cut is
/// needed and stride >= max_len.
absl::Status TruncateEncoding(Encoding* encoding, int64_t max_len, int64_t stride);

/// Hugging Face truncate_encodings: shortens `first` and/or `second` (may be null) so that
/// together they have at most `max_length` tokens (specials already subtracted).
absl::Status TruncateEncodings(Encoding* first, Encoding* second, int64_t max_length,
                               Truncation strategy, int64_t stride);

}  // namespace octet
