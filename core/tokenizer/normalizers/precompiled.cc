#include "core/tokenizer/normalizers/precompiled.h"

#include <utf8proc.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

// darts-clone unit fields.
bool HasLeaf(uint32_t u) { return ((u >> 8) & 1) != 0; }
uint32_t Value(uint32_t u) { return u & 0x7FFFFFFFu; }
uint32_t Label(uint32_t u) { return u & (0x80000000u | 0xFFu); }
uint32_t Offset(uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); }

uint32_t ReadLe32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(b[at])) |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 3])) << 24;
}

// Hugging Face looks a whole grapheme cluster up only when it is shorter than this many bytes.
constexpr size_t kMaxGraphemeBytes = 6;

// The crate's `replace` (normalizers/precompiled.rs): the new characters replace `old_count`
// characters; extra new ones are insertions, missing ones are removed by the last change so far.
void Replace(size_t old_count, std::u32string_view replacement, std::vector<CharChange>* changes) {
  const auto diff = static_cast<int64_t>(replacement.size()) - static_cast<int64_t>(old_count);
  for (char32_t c : replacement) changes->push_back({c, 0});
  if (diff > 0) {
    for (int64_t k = 0; k < diff; ++k) changes->at(changes->size() - 1 - k).change = 1;
  } else if (diff < 0 && !changes->empty()) {
    changes->back().change += static_cast<int32_t>(diff);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrecompiledNormalizer>> PrecompiledNormalizer::FromCharsmap(
    std::string_view charsmap) {
  std::unique_ptr<PrecompiledNormalizer> p(new PrecompiledNormalizer());
  if (charsmap.empty()) return p;
  if (charsmap.size() < 4) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "precompiled_charsmap: expected at least a 4-byte header, got %d bytes", charsmap.size()));
  }
  const uint32_t trie_bytes = ReadLe32(charsmap, 0);
  if (trie_bytes % 4 != 0 || trie_bytes > charsmap.size() - 4) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "precompiled_charsmap: the header says %u bytes of trie, but %d bytes follow it "
        "(expected a multiple of 4 that fits)",
        trie_bytes, charsmap.size() - 4));
  }
  p->units_.resize(trie_bytes / 4);
  for (size_t i = 0; i < p->units_.size(); ++i) p->units_[i] = ReadLe32(charsmap, 4 + 4 * i);
  const std::string_view blob = charsmap.substr(4 + trie_bytes);
  unicode::DecodedText decoded;
  if (absl::Status s = unicode::DecodeUtf8(blob, &decoded); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("precompiled_charsmap: the replacement strings are not UTF-8: ", s.message()));
  }
  p->replacements_.assign(decoded.chars.begin(), decoded.chars.end());
  p->char_index_.assign(blob.size() + 1, -1);
  for (size_t i = 0; i < decoded.chars.size(); ++i) {
    p->char_index_[decoded.byte_offsets[i]] = static_cast<int32_t>(i);
  }
  p->char_index_[blob.size()] = static_cast<int32_t>(decoded.chars.size());
  return p;
}

absl::StatusOr<std::unique_ptr<Normalizer>> PrecompiledNormalizer::FromJson(
    const nlohmann::json& j, const std::string& path) {
  const Json& field = Field(j, "precompiled_charsmap");
  std::string bytes;
  if (!field.is_null()) {
    if (!field.is_string() || !absl::Base64Unescape(field.get<std::string>(), &bytes)) {
      return FieldError(path, "normalizer.precompiled_charsmap", "a base64 string", field);
    }
  }
  auto p = FromCharsmap(bytes);
  if (!p.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", p.status().message()));
  return std::unique_ptr<Normalizer>(*std::move(p));
}

std::optional<std::u32string_view> PrecompiledNormalizer::Transform(std::string_view utf8) const {
  if (units_.empty()) return std::nullopt;
  size_t pos = Offset(units_[0]);
  for (const char ch : utf8) {
    const auto c = static_cast<uint8_t>(ch);
    if (c == 0) break;
    pos ^= c;
    if (pos >= units_.size()) return std::nullopt;
    const uint32_t unit = units_[pos];
    if (Label(unit) != c) return std::nullopt;
    pos ^= Offset(unit);
    if (HasLeaf(unit)) {
      // The first key found is the shortest prefix: its replacement, up to the NUL.
      if (pos >= units_.size()) return std::nullopt;
      const uint32_t at = Value(units_[pos]);
      if (at >= char_index_.size() || char_index_[at] < 0) return std::nullopt;
      const std::u32string_view rest = std::u32string_view(replacements_).substr(char_index_[at]);
      return rest.substr(0, rest.find(U'\0'));
    }
  }
  return std::nullopt;
}

void PrecompiledNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                            NormalizedText* out) const {
  std::vector<CharChange> changes;
  changes.reserve(n);
  std::string utf8;
  size_t begin = 0;
  while (begin < n) {
    // The extended grapheme cluster [begin, end).
    utf8proc_int32_t state = 0;
    size_t end = begin + 1;
    while (end < n &&
           !utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(chars[end - 1]),
                                             static_cast<utf8proc_int32_t>(chars[end]), &state)) {
      ++end;
    }
    utf8.clear();
    for (size_t i = begin; i < end; ++i) unicode::AppendUtf8(chars[i], &utf8);
    std::optional<std::u32string_view> whole;
    if (utf8.size() < kMaxGraphemeBytes) whole = Transform(utf8);
    if (whole.has_value()) {
      Replace(end - begin, *whole, &changes);
    } else {
      for (size_t i = begin; i < end; ++i) {
        utf8.clear();
        unicode::AppendUtf8(chars[i], &utf8);
        if (const std::optional<std::u32string_view> one = Transform(utf8)) {
          Replace(1, *one, &changes);
        } else {
          changes.push_back({chars[i], 0});
        }
      }
    }
    begin = end;
  }
  std::vector<CharSpan> origin(n);
  for (size_t i = 0; i < n; ++i) {
    const auto at = first_index + static_cast<int32_t>(i);
    origin[i] = {at, at + 1};
  }
  ApplyChanges(origin.data(), n, 0, changes, out);
}

}  // namespace octet
