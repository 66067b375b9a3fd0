#pragma once
// Concatenation of encodings, with their overflow windows (Hugging Face Encoding::merge_with).

#include "core/tokenizer/tokenizer_encoding.h"

namespace octet {

/// Hugging Face Encoding::merge_with (growing_offsets = false): appends `pair` to `self` and
/// combines their overflow windows.
void MergeEncoding(Encoding* self, Encoding pair);

}  // namespace octet
