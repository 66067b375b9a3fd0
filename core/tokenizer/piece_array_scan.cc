#include "core/tokenizer/piece_array_scan.h"

#include <charconv>
#include <cstdint>

#include "core/base/unicode_util.h"

namespace octet {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, size_t pos) : s_(text), i_(pos) {}

  size_t pos() const { return i_; }

  void SkipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      ++i_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return i_ < s_.size() && s_[i_] == c;
  }

  // A JSON string, unescaped into `out` (UTF-8); false on anything malformed.
  bool String(std::string* out) {
    out->clear();
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (i_ + 1 >= s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          unicode::AppendUtf8(static_cast<char32_t>(cp), out);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  // A JSON number (finite).
  bool Number(double* out) {
    SkipSpace();
    const size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9') return false;
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.' || s_[i_] == 'e' ||
                              s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-')) {
      ++i_;
    }
    const auto [end, ec] = std::from_chars(s_.data() + start, s_.data() + i_, *out);
    return ec == std::errc() && end == s_.data() + i_;
  }

 private:
  bool Hex4(uint32_t* out) {
    if (i_ + 4 > s_.size()) return false;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *out = v;
    return true;
  }

  std::string_view s_;
  size_t i_;
};

}  // namespace

std::optional<PieceArray> ScanPieceArray(std::string_view text) {
  constexpr std::string_view kKey = "\"vocab\"";
  const size_t key = text.rfind(kKey);
  if (key == std::string_view::npos) return std::nullopt;
  Scanner sc(text, key + kKey.size());
  if (!sc.Eat(':') || !sc.Peek('[')) return std::nullopt;
  PieceArray result;
  result.begin = sc.pos();
  sc.Eat('[');
  std::string piece;
  if (!sc.Eat(']')) {
    do {
      double score = 0;
      if (!sc.Eat('[') || !sc.String(&piece) || !sc.Eat(',') || !sc.Number(&score) ||
          !sc.Eat(']')) {
        return std::nullopt;
      }
      result.pieces.emplace_back(piece, score);
    } while (sc.Eat(','));
    if (!sc.Eat(']')) return std::nullopt;
  }
  result.end = sc.pos();
  return result;
}

}  // namespace octet
