#include "core/tokenizer/models/bpe.h"

#include <algorithm>
#include <queue>

#include "absl/strings/str_format.h"
#include "core/base/unicode_util.h"

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
  for (const auto& [token, id] : bpe->vocab_) {
    // N entries use the ids 0..N-1: a larger id would size the table by the id, not the file.
    if (id < 0 || static_cast<size_t>(id) >= bpe->vocab_.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "BPE vocab: token \"%s\" has id %d; the %d entries must use the ids 0..%d",
          unicode::EscapeNonPrintable(token), id, bpe->vocab_.size(), bpe->vocab_.size() - 1));
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

void Bpe::Tokenize(std::string_view word, std::vector<Piece>* out) const {
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

}  // namespace octet
