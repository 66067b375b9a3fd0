#include "core/tokenizer/models/vocab.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"

namespace octet {

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

absl::StatusOr<std::vector<std::string>> VocabFromJson(const Json& model, const std::string& path) {
  const auto vocab = model.find("vocab");
  if (vocab == model.end() || !vocab->is_object() || vocab->empty()) {
    return FieldError(path, "model.vocab", "a non-empty object of token → id",
                      vocab == model.end() ? Json() : Json(vocab->type_name()));
  }
  // Real files leave a few ids unused (roberta-base: 50,262 entries, ids up to 50,264), but an id
  // far past the entries would size the table by the id, not by the file.
  const int64_t max_id = std::min(MaxVocabId(static_cast<int64_t>(vocab->size())), kMaxTokenId);
  std::vector<std::string> tokens;
  std::vector<bool> seen;
  tokens.reserve(vocab->size());
  for (const auto& [token, id_json] : vocab->items()) {
    OCTET_ASSIGN_OR_RETURN(int64_t id, GetInt(id_json, path, "model.vocab." + token, 0, max_id));
    if (static_cast<size_t>(id) >= tokens.size()) {
      tokens.resize(id + 1);
      seen.resize(id + 1, false);
    }
    if (seen[id]) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: model.vocab: id %d is used by both \"%s\" and \"%s\"", path, id, tokens[id], token));
    }
    seen[id] = true;
    tokens[id] = token;
  }
  return tokens;
}

}  // namespace octet
