#include "core/tokenizer/pre_tokenizers/byte_level.h"

#include <utf8proc.h>

#include <array>

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

// Bytes '!'..'~', '¡'..'¬' and '®'..'ÿ' are printable and map to themselves.
bool IsPrintableByte(uint32_t b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

// The byte → character table: printable bytes map to themselves, the rest to 256, 257, ... in
// byte order.
struct ByteTables {
  std::array<char32_t, 256> to_char{};
  ByteTables() {
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
      to_char[b] = IsPrintableByte(b) ? static_cast<char32_t>(b) : next++;
    }
  }
};

const ByteTables& Tables() {
  static const ByteTables tables;
  return tables;
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  const utf8proc_category_t k = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

bool IsNumber(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  const utf8proc_category_t k = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO;
}

bool IsSpace(char32_t c) { return unicode::IsWhitespace(c); }

bool IsOther(char32_t c) { return !IsSpace(c) && !IsLetter(c) && !IsNumber(c); }

// Length of the contraction ('s 't 're 've 'm 'll 'd) at i, or 0.
size_t Contraction(std::u32string_view s, size_t i) {
  if (s[i] != '\'' || i + 1 >= s.size()) return 0;
  const char32_t a = s[i + 1];
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if (i + 2 < s.size()) {
    const char32_t b = s[i + 2];
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  }
  return 0;
}

// ` ?X+` at i for a class X: the length matched, or 0.
template <typename Pred>
size_t OptionalSpaceRun(std::u32string_view s, size_t i, Pred in_class) {
  size_t j = i;
  if (s[j] == ' ') ++j;
  const size_t first = j;
  while (j < s.size() && in_class(s[j])) ++j;
  return j > first ? j - i : 0;
}

}  // namespace

char32_t ByteToChar(uint8_t b) { return Tables().to_char[b]; }

int CharToByte(char32_t c) {
  if (c < 256) return IsPrintableByte(c) ? static_cast<int>(c) : -1;
  for (int b = 0; b < 256; ++b) {
    if (Tables().to_char[b] == c) return b;
  }
  return -1;
}

std::vector<std::pair<size_t, size_t>> SplitGpt2(std::u32string_view s) {
  std::vector<std::pair<size_t, size_t>> pieces;
  size_t i = 0;
  while (i < s.size()) {
    size_t n = Contraction(s, i);
    if (n == 0) n = OptionalSpaceRun(s, i, IsLetter);
    if (n == 0) n = OptionalSpaceRun(s, i, IsNumber);
    if (n == 0) n = OptionalSpaceRun(s, i, IsOther);
    if (n == 0) {
      // \s+(?!\S): the whitespace run, less its last character when a non-space follows it
      // (a run of one then fails, and \s+ takes it).
      size_t j = i;
      while (j < s.size() && IsSpace(s[j])) ++j;
      const size_t run = j - i;
      if (j == s.size() || run == 1) {
        n = run;
      } else {
        n = run - 1;
      }
    }
    if (n == 0) n = 1;  // unreachable: every character is a letter, number, space or other
    pieces.emplace_back(i, i + n);
    i += n;
  }
  return pieces;
}

ByteLevelPiece ToByteLevel(std::u32string_view chars, size_t begin, size_t end) {
  ByteLevelPiece piece;
  std::string utf8;
  for (size_t i = begin; i < end; ++i) {
    utf8.clear();
    unicode::AppendUtf8(chars[i], &utf8);
    for (unsigned char b : utf8) {
      unicode::AppendUtf8(ByteToChar(b), &piece.text);
      piece.source.emplace_back(static_cast<int64_t>(i), static_cast<int64_t>(i + 1));
    }
  }
  return piece;
}

absl::StatusOr<std::unique_ptr<PreTokenizer>> ByteLevelPreTokenizer::FromJson(
    const nlohmann::json& j, const std::string& path) {
  ByteLevelOptions o;
  OCTET_ASSIGN_OR_RETURN(o.add_prefix_space,
                         GetBool(j, "add_prefix_space", true, path, "pre_tokenizer."));
  OCTET_ASSIGN_OR_RETURN(o.trim_offsets, GetBool(j, "trim_offsets", true, path, "pre_tokenizer."));
  OCTET_ASSIGN_OR_RETURN(o.use_regex, GetBool(j, "use_regex", true, path, "pre_tokenizer."));
  return std::make_unique<ByteLevelPreTokenizer>(o);
}

void ByteLevelPreTokenizer::PreTokenize(std::u32string_view chars, const CharSpan* origin,
                                        PreTokenizedText* out) const {
  if (chars.empty()) return;
  // The prefix space is a new first character standing for the text's first character.
  std::u32string prefixed;
  std::vector<CharSpan> prefixed_origin;
  std::u32string_view text = chars;
  const CharSpan* text_origin = origin;
  if (options_.add_prefix_space && chars.front() != U' ') {
    prefixed.reserve(chars.size() + 1);
    prefixed.push_back(U' ');
    prefixed.append(chars);
    prefixed_origin.reserve(chars.size() + 1);
    prefixed_origin.push_back(origin[0]);
    prefixed_origin.insert(prefixed_origin.end(), origin, origin + chars.size());
    text = prefixed;
    text_origin = prefixed_origin.data();
  }
  std::vector<std::pair<size_t, size_t>> pieces;
  if (options_.use_regex) {
    pieces = SplitGpt2(text);
  } else {
    pieces.emplace_back(0, text.size());
  }
  std::u32string word;
  std::vector<CharSpan> word_origin;
  std::string utf8;
  for (const auto& [begin, end] : pieces) {
    word.clear();
    word_origin.clear();
    for (size_t i = begin; i < end; ++i) {
      utf8.clear();
      unicode::AppendUtf8(text[i], &utf8);
      for (const char b : utf8) {
        word.push_back(ByteToChar(static_cast<uint8_t>(b)));
        word_origin.push_back(text_origin[i]);
      }
    }
    out->AddWord(word, word_origin.data());
  }
}

}  // namespace octet
