#include "core/tokenizer/models/wordpiece.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "core/base/unicode_util.h"

namespace octet {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

Vocab::Vocab(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {
  index_.reserve(tokens_.size());
  for (size_t id = 0; id < tokens_.size(); ++id) {
    const std::string& token = tokens_[id];
    index_.insert_or_assign(std::string_view(token), static_cast<int32_t>(id));
    max_token_bytes_ = std::max(max_token_bytes_, token.size());
  }
}

const std::string& Vocab::Token(int32_t id) const {
  static const std::string* const kEmpty = new std::string();
  if (id < 0 || static_cast<size_t>(id) >= tokens_.size()) return *kEmpty;
  return tokens_[id];
}

absl::StatusOr<std::vector<std::string>> ReadVocabFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open vocabulary file", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrFormat("%s: read error", path));
  const std::string text = buffer.str();
  std::vector<std::string> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    size_t stop = end;
    if (stop > pos && text[stop - 1] == '\r') --stop;
    tokens.emplace_back(text, pos, stop - pos);
    pos = end + 1;
  }
  if (tokens.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: vocabulary file is empty", path));
  }
  unicode::DecodedText decoded;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (absl::Status s = unicode::DecodeUtf8(tokens[i], &decoded); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: line %d: %s", path, i + 1, s.message()));
    }
  }
  return tokens;
}

absl::StatusOr<std::unique_ptr<WordPiece>> WordPiece::Create(std::unique_ptr<Vocab> vocab,
                                                             WordPieceOptions options) {
  if (options.max_input_chars_per_word < 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "max_input_chars_per_word must be >= 0, got %d", options.max_input_chars_per_word));
  }
  const std::optional<int32_t> unk = vocab->Find(options.unk_token);
  if (!unk.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the vocabulary has no unk token \"%s\" (expected it among the %d entries)",
                        options.unk_token, vocab->size()));
  }
  return std::unique_ptr<WordPiece>(new WordPiece(std::move(vocab), std::move(options), *unk));
}

void WordPiece::Tokenize(std::string_view word, std::vector<WordPieceToken>* out,
                         std::string* scratch) const {
  if (word.empty()) return;
  const auto whole_word_unk = [&] {
    out->push_back({unk_id_, 0, static_cast<int32_t>(word.size())});
  };
  if (unicode::CountChars(word) > options_.max_input_chars_per_word) {
    whole_word_unk();
    return;
  }
  const size_t first_piece = out->size();
  const std::string& prefix = options_.continuing_subword_prefix;
  // No vocabulary entry is longer than this, so longer candidates can be skipped; the result is
  // the same as Rust's search from the end of the word.
  const size_t max_bytes = vocab_->max_token_bytes();
  size_t start = 0;
  while (start < word.size()) {
    size_t end = std::min(word.size(), start + max_bytes);
    while (end > start && end < word.size() && IsContinuationByte(word[end])) --end;
    std::optional<int32_t> match;
    while (start < end) {
      std::string_view candidate = word.substr(start, end - start);
      if (start > 0) {
        scratch->assign(prefix);
        scratch->append(candidate);
        candidate = *scratch;
      }
      match = vocab_->Find(candidate);
      if (match.has_value()) break;
      // Step back one code point.
      --end;
      while (end > start && IsContinuationByte(word[end])) --end;
    }
    if (!match.has_value()) {
      out->resize(first_piece);
      whole_word_unk();
      return;
    }
    out->push_back({*match, static_cast<int32_t>(start), static_cast<int32_t>(end)});
    start = end;
  }
}

std::vector<std::string> WordPiece::TokenizeToStrings(std::string_view word) const {
  std::vector<WordPieceToken> pieces;
  std::string scratch;
  Tokenize(word, &pieces, &scratch);
  std::vector<std::string> result;
  result.reserve(pieces.size());
  for (const WordPieceToken& p : pieces) result.push_back(vocab_->Token(p.id));
  return result;
}

}  // namespace octet
