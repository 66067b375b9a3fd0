#include "core/tasks/token_string.h"

#include <string_view>

#include "core/base/unicode_util.h"
#include "core/tokenizer/models/bpe.h"
#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/pre_tokenizers/byte_level.h"
#include "core/tokenizer/pre_tokenizers/metaspace.h"
#include "core/tokenizer/pre_tokenizers/sequence.h"

namespace octet {
namespace {

constexpr std::string_view kWordPiecePrefix = "##";
constexpr std::string_view kMetaspace = "\xE2\x96\x81";  // U+2581

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  size_t at = 0;
  while ((at = s->find(from, at)) != std::string::npos) {
    s->replace(at, from.size(), to);
    at += to.size();
  }
}

// The WordPiece decoder's cleanup (tokenizers' decoders::wordpiece::cleanup), per token.
void Cleanup(std::string* s) {
  static constexpr std::pair<std::string_view, std::string_view> kRules[] = {
      {" .", "."},   {" ?", "?"},     {" !", "!"},     {" ,", ","},
      {" ' ", "'"},  {" n't", "n't"}, {" 'm", "'m"},   {" do not", " don't"},
      {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
  };
  for (const auto& [from, to] : kRules) ReplaceAll(s, from, to);
}

// Valid UTF-8 from `bytes`, each maximal invalid subsequence replaced by U+FFFD (Rust's
// from_utf8_lossy; close enough for the byte runs a byte-level token can hold).
std::string Lossy(const std::string& bytes) {
  std::string out;
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    const size_t n = c < 0x80           ? 1
                     : (c >> 5) == 0x6  ? 2
                     : (c >> 4) == 0xE  ? 3
                     : (c >> 3) == 0x1E ? 4
                                        : 0;
    unicode::DecodedText d;
    if (n > 0 && i + n <= bytes.size() && unicode::DecodeUtf8(bytes.substr(i, n), &d).ok()) {
      out.append(bytes, i, n);
      i += n;
    } else {
      unicode::AppendUtf8(0xFFFD, &out);
      ++i;
    }
  }
  return out;
}

bool PreTokenizerIs(const PreTokenizer* p, TokenDecoder kind) {
  if (p == nullptr) return false;
  if (const auto* seq = dynamic_cast<const SequencePreTokenizer*>(p)) {
    for (const auto& step : seq->steps()) {
      if (PreTokenizerIs(step.get(), kind)) return true;
    }
    return false;
  }
  if (kind == TokenDecoder::kByteLevel) return dynamic_cast<const ByteLevelPreTokenizer*>(p);
  return dynamic_cast<const MetaspacePreTokenizer*>(p) != nullptr;
}

}  // namespace

TokenDecoder DecoderOf(const Tokenizer& tokenizer) {
  if (dynamic_cast<const WordPiece*>(&tokenizer.model()) != nullptr)
    return TokenDecoder::kWordPiece;
  if (PreTokenizerIs(tokenizer.pre_tokenizer(), TokenDecoder::kByteLevel)) {
    return TokenDecoder::kByteLevel;
  }
  if (PreTokenizerIs(tokenizer.pre_tokenizer(), TokenDecoder::kMetaspace)) {
    return TokenDecoder::kMetaspace;
  }
  return TokenDecoder::kConcatenate;
}

bool HasContinuingSubwordPrefix(const Tokenizer& tokenizer) {
  if (dynamic_cast<const WordPiece*>(&tokenizer.model()) != nullptr) return true;
  const auto* bpe = dynamic_cast<const Bpe*>(&tokenizer.model());
  return bpe != nullptr && !bpe->options().continuing_subword_prefix.empty();
}

std::string TokensToString(const std::vector<std::string>& tokens, TokenDecoder decoder) {
  std::string out;
  switch (decoder) {
    case TokenDecoder::kWordPiece:
      for (size_t i = 0; i < tokens.size(); ++i) {
        std::string t = tokens[i];
        if (i > 0) {
          if (t.compare(0, kWordPiecePrefix.size(), kWordPiecePrefix) == 0) {
            t.erase(0, kWordPiecePrefix.size());
          } else {
            t.insert(0, " ");
          }
        }
        Cleanup(&t);
        out += t;
      }
      return out;
    case TokenDecoder::kByteLevel: {
      std::string bytes;
      for (const std::string& t : tokens) {
        unicode::DecodedText d;
        std::string mapped;
        bool all_bytes = unicode::DecodeUtf8(t, &d).ok();
        for (size_t k = 0; all_bytes && k < d.chars.size(); ++k) {
          const int b = CharToByte(d.chars[k]);
          if (b < 0) all_bytes = false;
          mapped.push_back(static_cast<char>(b));
        }
        // A token with a character that is no byte character stays as it is (the crate's rule).
        bytes += all_bytes ? mapped : t;
      }
      return Lossy(bytes);
    }
    case TokenDecoder::kMetaspace:
      for (size_t i = 0; i < tokens.size(); ++i) {
        std::string t = tokens[i];
        ReplaceAll(&t, kMetaspace, i == 0 ? "" : " ");
        out += t;
      }
      return out;
    case TokenDecoder::kConcatenate:
      for (const std::string& t : tokens) out += t;
      return out;
  }
  return out;
}

}  // namespace octet
