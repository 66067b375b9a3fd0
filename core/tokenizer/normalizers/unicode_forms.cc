#include "core/tokenizer/normalizers/unicode_forms.h"

#include <algorithm>
#include <optional>

#include "core/tokenizer/normalizers/unicode_forms_tables.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

namespace tables = unicode_forms;

// Hangul syllables decompose and compose by arithmetic (Unicode chapter 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

bool IsHangulSyllable(char32_t c) { return c >= kSBase && c < kSBase + kSCount; }

// The full decomposition of c from one table, or nullopt.
const tables::DecompositionEntry* FindDecomposition(const tables::DecompositionEntry* table,
                                                    size_t size, char32_t c) {
  const auto* end = table + size;
  const auto* it = std::lower_bound(
      table, end, c, [](const tables::DecompositionEntry& e, char32_t x) { return e.c < x; });
  return it != end && it->c == c ? it : nullptr;
}

// Calls emit(d) for each character of c's full decomposition (c itself when it has none).
template <typename Emit>
void Decompose(char32_t c, bool compatibility, Emit emit) {
  if (c < 0x80) {
    emit(c);
    return;
  }
  if (IsHangulSyllable(c)) {
    const char32_t s = c - kSBase;
    emit(kLBase + s / kNCount);
    emit(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) emit(kTBase + s % kTCount);
    return;
  }
  if (compatibility) {
    if (const auto* e = FindDecomposition(tables::kCompatibility, tables::kNumCompatibility, c)) {
      for (uint32_t i = 0; i < e->length; ++i) emit(tables::kCompatibilityPool[e->offset + i]);
      return;
    }
  }
  if (const auto* e = FindDecomposition(tables::kCanonical, tables::kNumCanonical, c)) {
    for (uint32_t i = 0; i < e->length; ++i) emit(tables::kCanonicalPool[e->offset + i]);
    return;
  }
  emit(c);
}

std::optional<char32_t> Compose(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount) {
    return kSBase + (a - kLBase) * kNCount + (b - kVBase) * kTCount;
  }
  if (IsHangulSyllable(a) && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount) {
    return a + (b - kTBase);
  }
  const auto* end = tables::kCompositions + tables::kNumCompositions;
  const auto* it =
      std::lower_bound(tables::kCompositions, end, std::pair{a, b},
                       [](const tables::CompositionEntry& e, std::pair<char32_t, char32_t> x) {
                         return e.first != x.first ? e.first < x.first : e.second < x.second;
                       });
  if (it != end && it->first == a && it->second == b) return it->composite;
  return std::nullopt;
}

// Decomposes chars[0, n) and puts each run of marks in canonical order.
void DecomposeAll(const char32_t* chars, size_t n, bool compatibility,
                  std::vector<CharChange>* out) {
  size_t run = out->size();  // where the current run of non-starters begins
  auto sort_run = [&] {
    std::stable_sort(out->begin() + static_cast<std::ptrdiff_t>(run), out->end(),
                     [](const CharChange& x, const CharChange& y) {
                       return CombiningClass(x.c) < CombiningClass(y.c);
                     });
  };
  for (size_t i = 0; i < n; ++i) {
    bool first = true;
    Decompose(chars[i], compatibility, [&](char32_t d) {
      if (CombiningClass(d) == 0) {
        sort_run();
        run = out->size() + 1;
      }
      out->push_back({d, first ? 0 : 1});
      first = false;
    });
  }
  sort_run();
}

// Canonical composition of `in` (decomposed, in canonical order), appended to `out`.
void ComposeAll(const std::vector<CharChange>& in, std::vector<CharChange>* out) {
  std::optional<CharChange> starter;  // the last starter, still open to composition
  std::vector<CharChange> held;       // marks after it that did not compose with it
  int last_class = -1;                // class of the last held mark; -1 when none
  auto flush = [&] {
    if (starter) out->push_back(*starter);
    out->insert(out->end(), held.begin(), held.end());
    held.clear();
    last_class = -1;
  };
  for (const CharChange& ch : in) {
    const uint8_t cls = CombiningClass(ch.c);
    if (!starter) {
      if (cls != 0) {
        out->push_back(ch);  // a mark with no starter before it
        continue;
      }
      starter = ch;
      continue;
    }
    const bool blocked = last_class >= 0 && last_class >= cls;
    if (!blocked) {
      if (auto composite = Compose(starter->c, ch.c)) {
        starter = CharChange{*composite, starter->change + ch.change - 1};
        continue;
      }
    }
    if (cls == 0) {
      flush();
      starter = ch;
      continue;
    }
    held.push_back(ch);
    last_class = cls;
  }
  flush();
}

}  // namespace

uint8_t CombiningClass(char32_t c) {
  if (c < 0x300) return 0;
  const auto* end = tables::kCombiningClasses + tables::kNumCombiningClasses;
  const auto* it =
      std::lower_bound(tables::kCombiningClasses, end, c,
                       [](const tables::CombiningClassEntry& e, char32_t x) { return e.c < x; });
  return it != end && it->c == c ? it->combining_class : 0;
}

bool IsCombiningMark(char32_t c) {
  if (c < 0x300) return false;
  const auto* end = tables::kCombiningMarks + tables::kNumCombiningMarks;
  const auto* it =
      std::upper_bound(tables::kCombiningMarks, end, c,
                       [](char32_t x, const tables::MarkRange& r) { return x < r.lo; });
  return it != tables::kCombiningMarks && c <= (it - 1)->hi;
}

void NormalizeUnicodeForm(const char32_t* chars, size_t n, UnicodeForm form,
                          std::vector<CharChange>* out) {
  const bool compatibility = form == UnicodeForm::kNfkd || form == UnicodeForm::kNfkc;
  if (form == UnicodeForm::kNfd || form == UnicodeForm::kNfkd) {
    DecomposeAll(chars, n, compatibility, out);
    return;
  }
  std::vector<CharChange> decomposed;
  decomposed.reserve(n);
  DecomposeAll(chars, n, compatibility, &decomposed);
  ComposeAll(decomposed, out);
}

namespace {
std::unique_ptr<Normalizer> Make(UnicodeForm form) {
  return std::make_unique<UnicodeFormNormalizer>(form);
}
}  // namespace

absl::StatusOr<std::unique_ptr<Normalizer>> UnicodeFormNormalizer::NfdFromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return Make(UnicodeForm::kNfd);
}
absl::StatusOr<std::unique_ptr<Normalizer>> UnicodeFormNormalizer::NfkdFromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return Make(UnicodeForm::kNfkd);
}
absl::StatusOr<std::unique_ptr<Normalizer>> UnicodeFormNormalizer::NfcFromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return Make(UnicodeForm::kNfc);
}
absl::StatusOr<std::unique_ptr<Normalizer>> UnicodeFormNormalizer::NfkcFromJson(
    const nlohmann::json& /*j*/, const std::string& /*path*/) {
  return Make(UnicodeForm::kNfkc);
}

void UnicodeFormNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                            NormalizedText* out) const {
  std::vector<CharChange> changes;
  changes.reserve(n);
  NormalizeUnicodeForm(chars, n, form_, &changes);
  std::vector<CharSpan> origin(n);
  for (size_t i = 0; i < n; ++i) {
    const auto at = first_index + static_cast<int32_t>(i);
    origin[i] = {at, at + 1};
  }
  ApplyChanges(origin.data(), n, 0, changes, out);
}

}  // namespace octet
