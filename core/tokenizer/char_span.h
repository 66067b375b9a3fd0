#pragma once
// The half-open range of code point indices that the pipeline stages pass between them.

#include <cstdint>

namespace octet {

/// A half-open range [begin, end) of code point indices.
struct CharSpan {
  int32_t begin = 0;
  int32_t end = 0;
};

}  // namespace octet
