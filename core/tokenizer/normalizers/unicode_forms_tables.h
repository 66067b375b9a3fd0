#pragma once
// The Unicode data of the NFD / NFKD / NFC / NFKC and StripAccents normalizers: Unicode 9.0, as
// the tokenizers crate has it. The tables are generated (unicode_forms_tables.cc).

#include <cstddef>
#include <cstdint>
#include <iterator>

namespace octet::unicode_forms {

struct CombiningClassEntry {
  char32_t c;
  uint8_t combining_class;
};

/// A character's full decomposition: `length` characters of the table's pool from `offset`.
struct DecompositionEntry {
  char32_t c;
  uint32_t offset;
  uint32_t length;
};

/// A primary composite: `first` + `second` compose to `composite`.
struct CompositionEntry {
  char32_t first;
  char32_t second;
  char32_t composite;
};

/// Characters lo … hi (inclusive).
struct MarkRange {
  char32_t lo;
  char32_t hi;
};

// Each sorted by character (compositions by first, then second).
// General category M (Mn, Mc, Me).
extern const MarkRange kCombiningMarks[];
extern const size_t kNumCombiningMarks;
extern const CombiningClassEntry kCombiningClasses[];
extern const size_t kNumCombiningClasses;
extern const char32_t kCanonicalPool[];
extern const DecompositionEntry kCanonical[];
extern const size_t kNumCanonical;
// Only where the compatibility decomposition differs from the canonical one.
extern const char32_t kCompatibilityPool[];
extern const DecompositionEntry kCompatibility[];
extern const size_t kNumCompatibility;
extern const CompositionEntry kCompositions[];
extern const size_t kNumCompositions;

}  // namespace octet::unicode_forms
