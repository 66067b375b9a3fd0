#pragma once
// Unicode helpers for the BERT tokenizer: strict UTF-8 decoding and the character classes that
// Hugging Face `tokenizers` (Rust) uses in BertNormalizer / BertPreTokenizer. Backed by utf8proc.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace octet::unicode {

/// A text decoded into code points, with the UTF-8 byte offset of every code point.
struct DecodedText {
  std::vector<char32_t> chars;
  /// byte_offsets[i] = byte offset of chars[i]; byte_offsets[chars.size()] = total byte length.
  std::vector<int64_t> byte_offsets;
};

/// Decodes `text` as strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
/// Invalid input → InvalidArgument naming the byte offset of the first bad sequence.
absl::Status DecodeUtf8(std::string_view text, DecodedText* out);

/// Appends the UTF-8 encoding of `cp` (which must be a valid scalar value) to `out`.
void AppendUtf8(char32_t cp, std::string* out);

/// Number of UTF-8 bytes needed for `cp`.
inline int Utf8Length(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

/// `s` with every byte outside printable ASCII written as \xNN: for messages that quote input
/// which may not be UTF-8 (e.g. nlohmann's JSON parse errors) and end up in logs and protobuf
/// strings.
std::string EscapeNonPrintable(std::string_view s);

/// Number of code points in a valid UTF-8 string.
int64_t CountChars(std::string_view utf8);

/// Rust `char::is_whitespace`: the Unicode White_Space property.
bool IsWhitespace(char32_t cp);

/// BertNormalizer's control test, as the Rust code really behaves: Cc | Cf | Co in the crate's
/// Unicode 8.0 tables (unassigned code points are not "other"), except '\t', '\n', '\r', which
/// count as whitespace.
bool IsBertControl(char32_t cp);

/// BertNormalizer's whitespace test: '\t', '\n', '\r' or `IsWhitespace`.
bool IsBertWhitespace(char32_t cp);

/// BertPreTokenizer's punctuation: ASCII 33–47, 58–64, 91–96, 123–126, or category P* in the
/// crate's Unicode 8.0 tables.
bool IsBertPunctuation(char32_t cp);

/// BertNormalizer's "Chinese character" ranges (the Rust ranges; note U+2B920, not U+2B820).
bool IsChineseChar(char32_t cp);

/// Category Mn (non-spacing mark) in the crate's Unicode 8.0 tables: what strip_accents removes.
bool IsNonSpacingMark(char32_t cp);

/// Characters matched by `\w` in Rust's regex crate (letters, marks, decimal digits, connector
/// punctuation, letter numbers, ZWJ/ZWNJ); used for the `single_word` rule of added tokens.
bool IsWordChar(char32_t cp);

/// Maximum number of code points written by `CanonicalDecompose`.
inline constexpr int kMaxDecomposition = 32;

/// Full canonical decomposition (NFD) of one code point, written to `out` (capacity
/// kMaxDecomposition). Returns the count. No canonical reordering across characters.
int CanonicalDecompose(char32_t cp, char32_t* out);

/// Rust `char::to_lowercase`: writes 1 or 2 code points (only U+0130 expands to "i\u0307") and
/// returns the count.
int ToLower(char32_t cp, char32_t out[2]);

}  // namespace octet::unicode
