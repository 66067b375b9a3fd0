#include "core/tokenizer/models/bpe.h"

#include <algorithm>
#include <queue>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "core/tokenizer/models/vocab.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (input is valid UTF-8).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

// A queued merge: the pair starting at symbol `pos` becomes `new_id`. Lowest rank first, then
// leftmost.
struct Candidate {
  int32_t rank;
  int32_t pos;
  int32_t new_id;
  bool operator<(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
};

struct Symbol {
  int32_t id;
  int32_t prev;
  int32_t next;
  int32_t begin;  // code points of the word
  int32_t end;
  bool removed;
};

// Debian's Abseil has its own string_view: heterogeneous lookups take that one.
absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

absl::StatusOr<std::unique_ptr<Bpe>> Bpe::Create(
    absl::flat_hash_map<std::string, int32_t> vocab,
    const std::vector<std::pair<std::string, std::string>>& merges, BpeOptions options) {
  std::unique_ptr<Bpe> bpe(new Bpe());
  bpe->options_ = std::move(options);
  bpe->vocab_ = std::move(vocab);
  int32_t max_id = -1;
  // A few unused ids are fine; an id far past the entries would size the table by the id.
  const int64_t limit = MaxVocabId(static_cast<int64_t>(bpe->vocab_.size()));
  for (const auto& [token, id] : bpe->vocab_) {
    if (id < 0 || id > limit) {
      return absl::InvalidArgumentError(
          absl::StrFormat("BPE vocab: token \"%s\" has id %d; expected 0..%d for %d entries",
                          unicode::EscapeNonPrintable(token), id, limit, bpe->vocab_.size()));
    }
    max_id = std::max(max_id, id);
  }
  bpe->id_to_token_.resize(static_cast<size_t>(max_id) + 1);
  for (const auto& [token, id] : bpe->vocab_) bpe->id_to_token_[static_cast<size_t>(id)] = token;
  const std::string& prefix = bpe->options_.continuing_subword_prefix;
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [a, b] = merges[rank];
    auto ia = bpe->vocab_.find(a);
    auto ib = bpe->vocab_.find(b);
    // With a continuing-subword prefix, the right part carries it and the result does not (the
    // crate drops the prefix's length from the right part whatever it holds).
    if (b.size() < prefix.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "BPE merges: merge %d (\"%s %s\"): the right part is shorter than the continuing "
          "subword prefix \"%s\"",
          static_cast<int>(rank) + 1, unicode::EscapeNonPrintable(a),
          unicode::EscapeNonPrintable(b), prefix));
    }
    const std::string merged = a + b.substr(prefix.size());
    auto im = bpe->vocab_.find(merged);
    if (ia == bpe->vocab_.end() || ib == bpe->vocab_.end() || im == bpe->vocab_.end()) {
      const std::string& missing = ia == bpe->vocab_.end()   ? a
                                   : ib == bpe->vocab_.end() ? b
                                                             : merged;
      return absl::InvalidArgumentError(absl::StrFormat(
          "BPE merges: merge %d (\"%s %s\") uses \"%s\", which is not in the vocabulary",
          static_cast<int>(rank) + 1, unicode::EscapeNonPrintable(a),
          unicode::EscapeNonPrintable(b), unicode::EscapeNonPrintable(missing)));
    }
    // A pair listed twice keeps its last rank, as the crate's map insertion does.
    bpe->merges_.insert_or_assign(std::make_pair(ia->second, ib->second),
                                  MergeResult{static_cast<int32_t>(rank), im->second});
  }
  if (bpe->options_.unk_token) {
    auto it = bpe->vocab_.find(*bpe->options_.unk_token);
    if (it == bpe->vocab_.end()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "BPE: unk_token \"%s\" is not in the vocabulary", *bpe->options_.unk_token));
    }
    bpe->unk_id_ = it->second;
  }
  return bpe;
}

std::optional<int32_t> Bpe::TokenToId(std::string_view token) const {
  auto it = vocab_.find(View(token));
  if (it == vocab_.end()) return std::nullopt;
  return it->second;
}

const std::string& Bpe::IdToToken(int32_t id) const {
  static const std::string kEmpty;
  if (id < 0 || static_cast<size_t>(id) >= id_to_token_.size()) return kEmpty;
  return id_to_token_[static_cast<size_t>(id)];
}

void Bpe::InitialSymbols(std::string_view word, std::vector<int32_t>* ids,
                         std::vector<std::pair<int32_t, int32_t>>* spans) const {
  const std::string& prefix = options_.continuing_subword_prefix;
  const std::string& suffix = options_.end_of_word_suffix;
  std::string piece;
  bool last_was_unk = false;
  int32_t cp = 0;
  for (size_t i = 0; i < word.size(); ++cp) {
    const size_t n = std::min(SequenceLength(static_cast<unsigned char>(word[i])), word.size() - i);
    const bool first = i == 0;
    const bool last = i + n == word.size();
    piece.clear();
    if (!first) piece += prefix;
    piece.append(word.substr(i, n));
    if (last) piece += suffix;
    auto it = vocab_.find(piece);
    if (it != vocab_.end()) {
      ids->push_back(it->second);
      spans->emplace_back(cp, cp + 1);
      last_was_unk = false;
    } else {
      bool handled = false;
      if (options_.byte_fallback) {
        // Every byte as <0xNN>, when all of them exist.
        std::vector<int32_t> bytes;
        for (size_t k = 0; k < n; ++k) {
          auto b =
              vocab_.find(absl::StrFormat("<0x%02X>", static_cast<unsigned char>(word[i + k])));
          if (b == vocab_.end()) break;
          bytes.push_back(b->second);
        }
        if (bytes.size() == n) {
          for (int32_t id : bytes) {
            ids->push_back(id);
            spans->emplace_back(cp, cp + 1);
          }
          handled = true;
          last_was_unk = false;
        }
      }
      if (!handled && unk_id_) {
        if (options_.fuse_unk && last_was_unk) {
          spans->back().second = cp + 1;
        } else {
          ids->push_back(*unk_id_);
          spans->emplace_back(cp, cp + 1);
        }
        last_was_unk = true;
      }
    }
    i += n;
  }
}

void Bpe::Pieces(std::string_view word, std::vector<Piece>* out) const {
  if (word.empty()) return;
  if (options_.ignore_merges) {
    auto it = vocab_.find(View(word));
    if (it != vocab_.end()) {
      out->push_back({it->second, 0, static_cast<int32_t>(unicode::CountChars(word))});
      return;
    }
  }
  std::vector<int32_t> ids;
  std::vector<std::pair<int32_t, int32_t>> spans;
  InitialSymbols(word, &ids, &spans);
  const int32_t n = static_cast<int32_t>(ids.size());
  std::vector<Symbol> symbols(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    symbols[i] = {ids[i], i - 1, i + 1 < n ? i + 1 : -1, spans[i].first, spans[i].second, false};
  }
  std::priority_queue<Candidate> queue;
  auto push = [&](int32_t pos) {
    const int32_t next = symbols[pos].next;
    if (next < 0) return;
    auto it = merges_.find(std::make_pair(symbols[pos].id, symbols[next].id));
    if (it != merges_.end()) queue.push({it->second.rank, pos, it->second.new_id});
  };
  for (int32_t i = 0; i + 1 < n; ++i) push(i);
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    Symbol& left = symbols[top.pos];
    if (left.removed || left.next < 0) continue;
    Symbol& right = symbols[left.next];
    // A stale entry: the pair at `pos` changed since it was queued.
    auto it = merges_.find(std::make_pair(left.id, right.id));
    if (it == merges_.end() || it->second.new_id != top.new_id) continue;
    left.id = top.new_id;
    left.end = right.end;
    right.removed = true;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = top.pos;
    if (left.prev >= 0) push(left.prev);
    push(top.pos);
  }
  for (const Symbol& s : symbols) {
    if (!s.removed) out->push_back({s.id, s.begin, s.end});
  }
}

void Bpe::Tokenize(std::string_view word, std::vector<ModelToken>* out) const {
  std::vector<Piece> pieces;
  Pieces(word, &pieces);
  // Byte offset of each code point of the word, then the end.
  std::vector<int32_t> byte_of;
  byte_of.reserve(word.size() + 1);
  for (size_t i = 0; i < word.size();) {
    byte_of.push_back(static_cast<int32_t>(i));
    i += std::min(SequenceLength(static_cast<unsigned char>(word[i])), word.size() - i);
  }
  byte_of.push_back(static_cast<int32_t>(word.size()));
  for (const Piece& p : pieces) out->push_back({p.id, byte_of[p.begin], byte_of[p.end]});
}

absl::StatusOr<std::unique_ptr<TokenizerModel>> Bpe::FromJson(const Json& model,
                                                              const std::string& path) {
  BpeOptions options;
  const Json& dropout = Field(model, "dropout");
  if (!dropout.is_null() && !(dropout.is_number() && dropout.get<double>() == 0.0)) {
    return FieldError(path, "model.dropout",
                      "null or 0 (BPE dropout makes tokenization random; it is for training)",
                      dropout);
  }
  const Json& unk = Field(model, "unk_token");
  if (!unk.is_null()) {
    if (!unk.is_string()) return FieldError(path, "model.unk_token", "a string or null", unk);
    options.unk_token = unk.get<std::string>();
  }
  for (auto [key, field] :
       {std::pair{"continuing_subword_prefix", &options.continuing_subword_prefix},
        std::pair{"end_of_word_suffix", &options.end_of_word_suffix}}) {
    const Json& v = Field(model, key);
    if (v.is_null()) continue;
    if (!v.is_string()) return FieldError(path, std::string("model.") + key, "a string or null", v);
    *field = v.get<std::string>();
  }
  OCTET_ASSIGN_OR_RETURN(options.fuse_unk, GetBool(model, "fuse_unk", false, path, "model."));
  OCTET_ASSIGN_OR_RETURN(options.byte_fallback,
                         GetBool(model, "byte_fallback", false, path, "model."));
  OCTET_ASSIGN_OR_RETURN(options.ignore_merges,
                         GetBool(model, "ignore_merges", false, path, "model."));
  OCTET_ASSIGN_OR_RETURN(std::vector<std::string> tokens, VocabFromJson(model, path));
  absl::flat_hash_map<std::string, int32_t> vocab;
  vocab.reserve(tokens.size());
  for (size_t id = 0; id < tokens.size(); ++id) {
    vocab.emplace(std::move(tokens[id]), static_cast<int32_t>(id));
  }
  const Json& merges_json = Field(model, "merges");
  if (!merges_json.is_array()) {
    return FieldError(path, "model.merges", "an array of \"a b\" strings or [\"a\", \"b\"] pairs",
                      merges_json);
  }
  std::vector<std::pair<std::string, std::string>> merges;
  merges.reserve(merges_json.size());
  for (size_t i = 0; i < merges_json.size(); ++i) {
    const Json& m = merges_json[i];
    const std::string field = absl::StrFormat("model.merges[%d]", i);
    if (m.is_string()) {
      auto pair = ParseMergeLine(m.get<std::string>());
      if (!pair.ok()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: \"%s\": %s", path, field, pair.status().message()));
      }
      merges.push_back(*std::move(pair));
      continue;
    }
    if (!m.is_array() || m.size() != 2 || !m[0].is_string() || !m[1].is_string()) {
      return FieldError(path, field, "a string \"a b\" or a pair [\"a\", \"b\"]", m);
    }
    merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
  }
  auto bpe = Create(std::move(vocab), merges, std::move(options));
  if (!bpe.ok()) {
    return absl::Status(bpe.status().code(), absl::StrCat(path, ": ", bpe.status().message()));
  }
  return std::unique_ptr<TokenizerModel>(*std::move(bpe));
}

absl::StatusOr<std::pair<std::string, std::string>> ParseMergeLine(std::string_view line) {
  const size_t space = line.find(' ');
  if (space == std::string_view::npos || line.find(' ', space + 1) != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrFormat("a merge is two tokens separated by one space, got \"%s\"",
                        unicode::EscapeNonPrintable(line)));
  }
  return std::make_pair(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
}

}  // namespace octet
