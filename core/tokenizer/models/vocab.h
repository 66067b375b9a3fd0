#pragma once
// The vocabulary of a model (token strings ↔ ids) and the files it is read from.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// Token strings ↔ ids. Immutable once built. Not copyable or movable: the index holds views
/// into the token strings, so keep it behind a pointer.
class Vocab {
 public:
  /// id = index in `tokens`. A duplicated token maps to its last id (as a Python dict built from
  /// vocab.txt does); every id still has its own string.
  explicit Vocab(std::vector<std::string> tokens);
  Vocab(const Vocab&) = delete;
  Vocab& operator=(const Vocab&) = delete;

  /// The id of `token`, if present. Does not allocate.
  std::optional<int32_t> Find(std::string_view token) const {
    const auto it = index_.find(token);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  /// The string of `id`; an empty string for ids out of range.
  const std::string& Token(int32_t id) const;
  /// Number of ids (max id + 1).
  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
  /// Length in bytes of the longest token (bounds the WordPiece search).
  size_t max_token_bytes() const { return max_token_bytes_; }

 private:
  std::vector<std::string> tokens_;
  absl::flat_hash_map<std::string_view, int32_t> index_;
  size_t max_token_bytes_ = 0;
};

/// The largest id a vocabulary of `entries` tokens may use: ids may leave gaps (real files have
/// a few), up to 65,536 ids past the entries, so that a file cannot ask for a table far larger
/// than itself.
inline int64_t MaxVocabId(int64_t entries) { return entries + 65535; }

/// Reads a vocab.txt: UTF-8, one token per line, id = 0-based line number ("\n" or "\r\n" line
/// ends). Errors name the file.
absl::StatusOr<std::vector<std::string>> ReadVocabFile(const std::string& path);

/// Reads tokenizer.json's `model.vocab` (a non-empty object of token → id) into token strings,
/// id = index; ids nobody uses are empty strings; each id once, at most MaxVocabId(entries).
/// Errors name `path` and the field.
absl::StatusOr<std::vector<std::string>> VocabFromJson(const nlohmann::json& model,
                                                       const std::string& path);

}  // namespace octet
