#include "core/tokenizer/added_vocabulary.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"

namespace octet {
namespace {

// Decodes the code point starting at byte `pos` of valid UTF-8 `s`; sets *len to its size.
char32_t DecodeAt(std::string_view s, size_t pos, int* len) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  int n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < n && pos + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3F);
  }
  *len = n;
  return cp;
}

// Decodes the code point ending at byte `pos` (pos > 0); sets *len to its size.
char32_t DecodeBefore(std::string_view s, size_t pos, int* len) {
  size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return DecodeAt(s, start, len);
}

}  // namespace

void AddedVocabulary::AddPattern(std::string pattern, int32_t token_index, Matcher* m) {
  if (pattern.empty()) return;  // An empty pattern can never split anything.
  const auto first = static_cast<unsigned char>(pattern[0]);
  m->by_first_byte[first].push_back(static_cast<int32_t>(m->patterns.size()));
  m->patterns.push_back(std::move(pattern));
  m->token_index.push_back(token_index);
}

absl::StatusOr<AddedVocabulary> AddedVocabulary::Create(std::vector<AddedToken> tokens,
                                                        const Normalizer* normalizer) {
  AddedVocabulary v;
  v.tokens_ = std::move(tokens);
  unicode::DecodedText decoded;
  for (size_t i = 0; i < v.tokens_.size(); ++i) {
    const AddedToken& t = v.tokens_[i];
    if (t.id < 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("added token \"%s\": id must be >= 0, got %d", t.content, t.id));
    }
    if (absl::Status s = unicode::DecodeUtf8(t.content, &decoded); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("added token with id %d: %s", t.id, s.message()));
    }
    if (!t.normalized || normalizer == nullptr) {
      AddPattern(t.content, static_cast<int32_t>(i), t.normalized ? &v.normalized_ : &v.raw_);
      continue;
    }
    OCTET_ASSIGN_OR_RETURN(std::string pattern, normalizer->Normalize(t.content));
    AddPattern(std::move(pattern), static_cast<int32_t>(i), &v.normalized_);
  }
  return v;
}

std::optional<int32_t> AddedVocabulary::Find(std::string_view content) const {
  for (const AddedToken& t : tokens_) {
    if (t.content == content) return t.id;
  }
  return std::nullopt;
}

const std::string* AddedVocabulary::Content(int32_t id) const {
  for (const AddedToken& t : tokens_) {
    if (t.id == id) return &t.content;
  }
  return nullptr;
}

int64_t AddedVocabulary::id_end() const {
  int64_t end = 0;
  for (const AddedToken& t : tokens_) end = std::max<int64_t>(end, int64_t{t.id} + 1);
  return end;
}

void AddedVocabulary::Split(const Matcher& m, std::string_view text,
                            std::vector<TextSplit>* out) const {
  const size_t n = text.size();
  if (m.patterns.empty()) {
    if (n > 0) out->push_back({0, static_cast<int64_t>(n), -1});
    return;
  }
  size_t split_start = 0;  // end of the last emitted split
  size_t pos = 0;          // where the next search starts
  while (pos < n) {
    // Leftmost-longest match at or after `pos` (Aho-Corasick MatchKind::LeftmostLongest).
    int32_t best = -1;
    size_t start = pos;
    for (; start < n; ++start) {
      for (int32_t p : m.by_first_byte[static_cast<unsigned char>(text[start])]) {
        const std::string& pat = m.patterns[p];
        if (pat.size() <= n - start && text.compare(start, pat.size(), pat) == 0 &&
            (best < 0 || pat.size() > m.patterns[best].size())) {
          best = p;
        }
      }
      if (best >= 0) break;
    }
    if (best < 0) break;
    size_t stop = start + m.patterns[best].size();
    pos = stop;
    const int32_t token_index = m.token_index[best];
    const AddedToken& token = tokens_[token_index];
    int len = 0;
    if (token.single_word) {
      const bool word_before = start > 0 && unicode::IsWordChar(DecodeBefore(text, start, &len));
      const bool word_after = stop < n && unicode::IsWordChar(DecodeAt(text, stop, &len));
      if (word_before || word_after) continue;  // Not a whole word: leave it to the model.
    }
    if (token.lstrip) {
      size_t s = start;
      while (s > 0 && unicode::IsWhitespace(DecodeBefore(text, s, &len))) s -= len;
      start = std::max(s, split_start);
    }
    if (token.rstrip) {
      while (stop < n && unicode::IsWhitespace(DecodeAt(text, stop, &len))) stop += len;
      pos = stop;
    }
    if (split_start < start) {
      out->push_back({static_cast<int64_t>(split_start), static_cast<int64_t>(start), -1});
    }
    out->push_back({static_cast<int64_t>(start), static_cast<int64_t>(stop), token_index});
    split_start = stop;
  }
  if (split_start < n) {
    out->push_back({static_cast<int64_t>(split_start), static_cast<int64_t>(n), -1});
  }
}

}  // namespace octet
