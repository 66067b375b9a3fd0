#include "core/tokenizer/models/wordpiece.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"

namespace octet {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

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

absl::StatusOr<std::unique_ptr<TokenizerModel>> WordPiece::FromJson(const Json& model,
                                                                    const std::string& path) {
  WordPieceOptions options;
  OCTET_ASSIGN_OR_RETURN(options.unk_token, GetString(model, "unk_token", "[UNK]", path, "model."));
  OCTET_ASSIGN_OR_RETURN(options.continuing_subword_prefix,
                         GetString(model, "continuing_subword_prefix", "##", path, "model."));
  OCTET_ASSIGN_OR_RETURN(
      options.max_input_chars_per_word,
      GetInt(Field(model, "max_input_chars_per_word").is_null()
                 ? Json(100)
                 : Field(model, "max_input_chars_per_word"),
             path, "model.max_input_chars_per_word", 0, std::numeric_limits<int64_t>::max()));
  OCTET_ASSIGN_OR_RETURN(std::vector<std::string> tokens, VocabFromJson(model, path));
  auto wordpiece = Create(std::make_unique<Vocab>(std::move(tokens)), std::move(options));
  if (!wordpiece.ok()) {
    const absl::Status& s = wordpiece.status();
    return absl::Status(s.code(), absl::StrFormat("%s: %s", path, s.message()));
  }
  return std::unique_ptr<TokenizerModel>(*std::move(wordpiece));
}

void WordPiece::Tokenize(std::string_view word, std::vector<ModelToken>* out) const {
  if (word.empty()) return;
  const auto whole_word_unk = [&] {
    out->push_back({unk_id_, 0, static_cast<int32_t>(word.size())});
  };
  if (unicode::CountChars(word) > options_.max_input_chars_per_word) {
    whole_word_unk();
    return;
  }
  // Holds "##" + candidate; per thread so that the model stays const and shareable.
  thread_local std::string scratch;
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
        scratch.assign(prefix);
        scratch.append(candidate);
        candidate = scratch;
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
  std::vector<ModelToken> pieces;
  Tokenize(word, &pieces);
  std::vector<std::string> result;
  result.reserve(pieces.size());
  for (const ModelToken& p : pieces) result.push_back(vocab_->Token(p.id));
  return result;
}

}  // namespace octet
