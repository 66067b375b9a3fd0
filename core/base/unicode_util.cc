#include "core/base/unicode_util.h"

#include <utf8proc.h>

#include "absl/strings/str_format.h"
#include "core/base/crate_char_classes.h"

namespace octet::unicode {
namespace {

utf8proc_category_t Category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool IsAsciiPunctuation(char32_t cp) {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
         (cp >= 123 && cp <= 126);
}

}  // namespace

absl::Status DecodeUtf8(std::string_view text, DecodedText* out) {
  out->chars.clear();
  out->byte_offsets.clear();
  out->chars.reserve(text.size());
  out->byte_offsets.reserve(text.size() + 1);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b0 = s[i];
    char32_t cp;
    size_t len;
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      cp = b0 & 0x1F;
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      cp = b0 & 0x0F;
      len = 3;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      cp = b0 & 0x07;
      len = 4;
    } else {
      return absl::InvalidArgumentError(
          absl::StrFormat("invalid UTF-8 at byte offset %d (byte 0x%02X)", i, b0));
    }
    if (i + len > n) {
      return absl::InvalidArgumentError(
          absl::StrFormat("invalid UTF-8 at byte offset %d (truncated sequence)", i));
    }
    for (size_t k = 1; k < len; ++k) {
      const unsigned char b = s[i + k];
      if ((b & 0xC0) != 0x80) {
        return absl::InvalidArgumentError(
            absl::StrFormat("invalid UTF-8 at byte offset %d (bad continuation byte)", i));
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values above U+10FFFF.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "invalid UTF-8 at byte offset %d (overlong, surrogate or out of range)", i));
    }
    out->chars.push_back(cp);
    out->byte_offsets.push_back(static_cast<int64_t>(i));
    i += len;
  }
  out->byte_offsets.push_back(static_cast<int64_t>(n));
  return absl::OkStatus();
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EscapeNonPrintable(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else {
      absl::StrAppendFormat(&out, "\\x%02x", u);
    }
  }
  return out;
}

int64_t CountChars(std::string_view utf8) {
  int64_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool IsWhitespace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  switch (cp) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool IsBertControl(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  if (cp < 0x80) return cp < 0x20 || cp == 0x7F;
  return IsCrateOther(cp);
}

bool IsBertWhitespace(char32_t cp) {
  return cp == '\t' || cp == '\n' || cp == '\r' || IsWhitespace(cp);
}

bool IsBertPunctuation(char32_t cp) {
  if (cp < 0x80) return IsAsciiPunctuation(cp);
  return IsCratePunctuation(cp);
}

bool IsChineseChar(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool IsNonSpacingMark(char32_t cp) { return IsCrateNonSpacingMark(cp); }

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           cp == '_';
  }
  if (cp == 0x200C || cp == 0x200D) return true;
  const utf8proc_category_t c = Category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ND) || c == UTF8PROC_CATEGORY_NL ||
         c == UTF8PROC_CATEGORY_PC;
}

int CanonicalDecompose(char32_t cp, char32_t* out) {
  if (cp < 0xC0) {
    out[0] = cp;
    return 1;
  }
  utf8proc_int32_t buf[kMaxDecomposition];
  int boundclass = 0;
  const utf8proc_ssize_t n = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(cp), buf, kMaxDecomposition, UTF8PROC_DECOMPOSE, &boundclass);
  if (n <= 0 || n > kMaxDecomposition) {
    out[0] = cp;
    return 1;
  }
  for (utf8proc_ssize_t i = 0; i < n; ++i) out[i] = static_cast<char32_t>(buf[i]);
  return static_cast<int>(n);
}

int ToLower(char32_t cp, char32_t out[2]) {
  if (cp < 0x80) {
    out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return 1;
  }
  if (cp == 0x130) {  // The one unconditional multi-char lowercase mapping (SpecialCasing.txt).
    out[0] = 'i';
    out[1] = 0x307;
    return 2;
  }
  // Rust's char::to_lowercase (the crate's) follows Unicode 16, utf8proc 2.8 Unicode 15: the
  // capitals added since, found by tools/unicode/probe_crate_lowercase.js, map by these offsets.
  struct NewerCapitals {
    char32_t lo, hi;
    int32_t delta;
  };
  static constexpr NewerCapitals kNewer[] = {
      {0x1C89, 0x1C89, 1},      {0xA7CB, 0xA7CB, -42343}, {0xA7CC, 0xA7CC, 1},
      {0xA7CE, 0xA7CE, 1},      {0xA7D2, 0xA7D2, 1},      {0xA7D4, 0xA7D4, 1},
      {0xA7DA, 0xA7DA, 1},      {0xA7DC, 0xA7DC, -42561}, {0x10D50, 0x10D65, 0x20},
      {0x16EA0, 0x16EB8, 0x1B},
  };
  for (const NewerCapitals& r : kNewer) {
    if (cp >= r.lo && cp <= r.hi) {
      out[0] = static_cast<char32_t>(static_cast<int32_t>(cp) + r.delta);
      return 1;
    }
  }
  out[0] = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp)));
  return 1;
}

}  // namespace octet::unicode
