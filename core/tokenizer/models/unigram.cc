#include "core/tokenizer/models/unigram.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

// The crate's K_UNK_PENALTY: an unknown character scores this much below the worst piece.
constexpr double kUnkPenalty = 10.0;

// Bytes of the UTF-8 character that starts with `lead` (1 for a stray continuation byte).
size_t CharBytes(uint8_t lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Unigram>> Unigram::Create(
    std::vector<std::pair<std::string, double>> pieces, int32_t unk_id, bool byte_fallback) {
  if (pieces.empty()) {
    return absl::InvalidArgumentError("Unigram: expected at least one piece (the unk), got none");
  }
  if (unk_id < 0 || static_cast<size_t>(unk_id) >= pieces.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("Unigram: expected unk_id in [0, %d), got %d", pieces.size(), unk_id));
  }
  std::unique_ptr<Unigram> u(new Unigram());
  u->unk_id_ = unk_id;
  u->byte_fallback_ = byte_fallback;
  u->min_score_ = std::numeric_limits<double>::infinity();
  std::vector<std::string> tokens;
  tokens.reserve(pieces.size());
  u->scores_.reserve(pieces.size());
  for (std::pair<std::string, double>& entry : pieces) {
    u->min_score_ = std::min(u->min_score_, entry.second);
    u->scores_.push_back(entry.second);
    tokens.push_back(std::move(entry.first));
  }
  u->vocab_ = std::make_unique<Vocab>(std::move(tokens));
  // Every distinct non-empty piece once, with the id its string maps to (the last duplicate).
  // Sorted by a big-endian key of the first 8 bytes, then the rest: most comparisons stop at
  // the key.
  struct Entry {
    uint64_t key;
    std::string_view piece;
    int32_t id;
  };
  std::vector<Entry> entries;
  entries.reserve(pieces.size());
  for (int32_t id = 0; id < static_cast<int32_t>(u->vocab_->size()); ++id) {
    const std::string& piece = u->vocab_->Token(id);
    if (piece.empty()) continue;
    uint64_t key = 0;
    for (size_t k = 0; k < 8; ++k) {
      key = key << 8 | (k < piece.size() ? static_cast<uint8_t>(piece[k]) : 0);
    }
    entries.push_back({key, piece, id});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.piece != b.piece) return a.piece < b.piece;
    return a.id > b.id;  // duplicates: the last id first
  });
  u->sorted_.reserve(entries.size());
  for (const Entry& e : entries) {
    if (!u->sorted_.empty() && u->sorted_.back().first == e.piece) continue;
    u->sorted_.emplace_back(e.piece, e.id);
  }
  u->first_byte_.assign(256, {0, 0});
  for (uint32_t i = 0; i < u->sorted_.size(); ++i) {
    auto& range = u->first_byte_[static_cast<uint8_t>(u->sorted_[i].first[0])];
    if (range.first == range.second) range.first = i;
    range.second = i + 1;
  }
  u->byte_ids_.assign(256, -1);
  for (int b = 0; b < 256; ++b) {
    if (auto id = u->vocab_->Find(absl::StrFormat("<0x%02X>", b))) u->byte_ids_[b] = *id;
  }
  return u;
}

absl::StatusOr<std::unique_ptr<TokenizerModel>> Unigram::FromJson(const nlohmann::json& model,
                                                                  const std::string& path) {
  const Json& vocab = Field(model, "vocab");
  if (!vocab.is_array() || vocab.empty()) {
    return FieldError(path, "model.vocab", "a non-empty array of [piece, score]", vocab);
  }
  std::vector<std::pair<std::string, double>> pieces;
  pieces.reserve(vocab.size());
  for (const Json& entry : vocab) {
    if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() || !entry[1].is_number()) {
      return FieldError(path, "model.vocab[]", "[piece, score]", entry);
    }
    pieces.emplace_back(entry[0].get<std::string>(), entry[1].get<double>());
  }
  return FromJsonPieces(model, std::move(pieces), path);
}

absl::StatusOr<std::unique_ptr<TokenizerModel>> Unigram::FromJsonPieces(
    const nlohmann::json& model, std::vector<std::pair<std::string, double>> pieces,
    const std::string& path) {
  for (const auto& [piece, score] : pieces) {
    if (!std::isfinite(score)) {
      return FieldError(path, "model.vocab[]", "a finite score", Json::array({piece, score}));
    }
  }
  const Json& unk = Field(model, "unk_id");
  if (unk.is_null()) {
    return FieldError(path, "model.unk_id",
                      "the id of the unknown piece (a Unigram model without one cannot encode "
                      "characters its pieces do not cover)",
                      unk);
  }
  OCTET_ASSIGN_OR_RETURN(int64_t unk_id, GetInt(unk, path, "model.unk_id", 0,
                                                static_cast<int64_t>(pieces.size()) - 1));
  OCTET_ASSIGN_OR_RETURN(bool byte_fallback,
                         GetBool(model, "byte_fallback", false, path, "model."));
  auto u = Create(std::move(pieces), static_cast<int32_t>(unk_id), byte_fallback);
  if (!u.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", u.status().message()));
  return std::unique_ptr<TokenizerModel>(*std::move(u));
}

double Unigram::score(int32_t id) const {
  return id >= 0 && static_cast<size_t>(id) < scores_.size() ? scores_[id] : 0.0;
}

template <typename Fn>
void Unigram::ForEachPrefix(std::string_view rest, Fn&& on_piece) const {
  if (rest.empty()) return;
  auto [lo, hi] = first_byte_[static_cast<uint8_t>(rest[0])];
  for (size_t depth = 1; lo < hi; ++depth) {
    // Every string in [lo, hi) starts with rest[0, depth); the one equal to it sorts first.
    if (sorted_[lo].first.size() == depth) {
      on_piece(depth, sorted_[lo].second);
      ++lo;
    }
    if (depth >= rest.size() || lo >= hi) break;
    const auto c = static_cast<uint8_t>(rest[depth]);
    const auto byte_at = [depth](const std::pair<std::string_view, int32_t>& e) {
      return static_cast<uint8_t>(e.first[depth]);
    };
    const auto first = sorted_.begin() + lo, last = sorted_.begin() + hi;
    const auto from =
        std::partition_point(first, last, [&](const auto& e) { return byte_at(e) < c; });
    const auto to =
        std::partition_point(from, last, [&](const auto& e) { return byte_at(e) == c; });
    lo = static_cast<uint32_t>(from - sorted_.begin());
    hi = static_cast<uint32_t>(to - sorted_.begin());
  }
}

void Unigram::Tokenize(std::string_view word, std::vector<ModelToken>* out) const {
  const size_t n = word.size();
  if (n == 0) return;
  struct Node {
    double score = 0;
    int32_t start = -1;  // -1: no path ends here yet
    int32_t id = 0;
  };
  std::vector<Node> best(n + 1);
  const double unk_score = min_score_ - kUnkPenalty;
  const auto offer = [&](size_t end, int32_t start, int32_t id, double score) {
    Node& node = best[end];
    if (node.start < 0 || score > node.score) node = {score, start, id};
  };
  for (size_t start = 0; start < n;) {
    const size_t char_bytes = std::min(CharBytes(static_cast<uint8_t>(word[start])), n - start);
    const double base = best[start].score;
    bool single = false;
    ForEachPrefix(word.substr(start), [&](size_t length, int32_t id) {
      offer(start + length, static_cast<int32_t>(start), id, base + scores_[id]);
      single = single || length == char_bytes;
    });
    if (!single) offer(start + char_bytes, static_cast<int32_t>(start), unk_id_, base + unk_score);
    start += char_bytes;
  }
  // Back from the end; consecutive unknown nodes fuse into one range.
  std::vector<std::pair<int32_t, int32_t>> ranges;  // [begin, end), last first
  bool previous_unk = false;
  for (auto end = static_cast<int32_t>(n); end > 0;) {
    const Node& node = best[end];
    const bool unk = node.id == unk_id_;
    if (unk && previous_unk) {
      ranges.back().first = node.start;
    } else {
      ranges.emplace_back(node.start, end);
    }
    previous_unk = unk;
    end = node.start;
  }
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
    const auto [begin, end] = *it;
    const std::string_view text = word.substr(begin, end - begin);
    if (const std::optional<int32_t> id = vocab_->Find(text)) {
      out->push_back({*id, begin, end, /*text_is_token=*/true});
      continue;
    }
    if (byte_fallback_ && std::all_of(text.begin(), text.end(), [&](char b) {
          return byte_ids_[static_cast<uint8_t>(b)] >= 0;
        })) {
      for (const char b : text) {
        out->push_back({byte_ids_[static_cast<uint8_t>(b)], begin, end, false});
      }
      continue;
    }
    out->push_back({unk_id_, begin, end, /*text_is_token=*/true});
  }
}

}  // namespace octet
