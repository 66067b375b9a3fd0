#include "core/tokenizer/normalizers/replace.h"

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

static_assert(sizeof(wchar_t) == sizeof(char32_t), "code points are matched as wchar_t");

std::wstring ToWide(std::u32string_view s) { return std::wstring(s.begin(), s.end()); }

std::string ToUtf8(std::u32string_view s) {
  std::string utf8;
  for (char32_t c : s) unicode::AppendUtf8(c, &utf8);
  return utf8;
}

absl::StatusOr<std::u32string> Decode(const std::string& utf8) {
  unicode::DecodedText d;
  OCTET_RETURN_IF_ERROR(unicode::DecodeUtf8(utf8, &d));
  return std::u32string(d.chars.begin(), d.chars.end());
}

}  // namespace

absl::StatusOr<std::unique_ptr<ReplaceNormalizer>> ReplaceNormalizer::Create(
    const std::u32string& pattern, bool is_regex, std::u32string content) {
  if (pattern.empty()) {
    return absl::InvalidArgumentError("Replace: expected a non-empty pattern, got \"\"");
  }
  std::unique_ptr<ReplaceNormalizer> r(new ReplaceNormalizer());
  r->is_regex_ = is_regex;
  r->content_ = std::move(content);
  if (!is_regex) {
    r->literal_ = pattern;
    return r;
  }
  // std::regex reports errors by exception only; the pattern comes from a file.
  try {
    r->regex_ = std::wregex(ToWide(pattern), std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    return absl::InvalidArgumentError(absl::StrCat("Replace: the regular expression \"",
                                                   ToUtf8(pattern), "\" is invalid: ", e.what()));
  }
  // A pattern that matches the empty string would insert `content` between every character.
  if (std::regex_match(std::wstring(), r->regex_)) {
    return absl::InvalidArgumentError(
        absl::StrCat("Replace: expected a regular expression that cannot match empty text, got \"",
                     ToUtf8(pattern), "\""));
  }
  return r;
}

absl::StatusOr<std::unique_ptr<Normalizer>> ReplaceNormalizer::FromJson(const nlohmann::json& j,
                                                                        const std::string& path) {
  const Json& pattern = Field(j, "pattern");
  const bool is_regex = pattern.is_object() && Field(pattern, "Regex").is_string();
  const Json& text = is_regex ? Field(pattern, "Regex")
                              : (pattern.is_object() ? Field(pattern, "String") : Json());
  if (!text.is_string()) {
    return FieldError(path, "normalizer.pattern", "{\"String\": text} or {\"Regex\": pattern}",
                      pattern);
  }
  if (!Field(j, "content").is_string()) {
    return FieldError(path, "normalizer.content", "a string", Field(j, "content"));
  }
  auto p = Decode(text.get<std::string>());
  auto c = Decode(Field(j, "content").get<std::string>());
  if (!p.ok() || !c.ok()) {
    return FieldError(path, "normalizer.pattern/content", "valid UTF-8", pattern);
  }
  auto r = Create(*p, is_regex, *std::move(c));
  if (!r.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", r.status().message()));
  return std::unique_ptr<Normalizer>(*std::move(r));
}

std::vector<std::pair<size_t, size_t>> ReplaceNormalizer::Matches(std::u32string_view text) const {
  std::vector<std::pair<size_t, size_t>> found;
  if (!is_regex_) {
    for (size_t at = text.find(literal_); at != std::u32string_view::npos;
         at = text.find(literal_, at + literal_.size())) {
      found.emplace_back(at, at + literal_.size());
    }
    return found;
  }
  const std::wstring wide = ToWide(text);
  for (auto it = std::wsregex_iterator(wide.begin(), wide.end(), regex_);
       it != std::wsregex_iterator(); ++it) {
    const auto begin = static_cast<size_t>(it->position(0));
    const auto length = static_cast<size_t>(it->length(0));
    if (length > 0) found.emplace_back(begin, begin + length);
  }
  return found;
}

void ReplaceNormalizer::NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                                        NormalizedText* out) const {
  size_t last = 0;
  const auto keep = [&](size_t i) {
    const auto at = first_index + static_cast<int32_t>(i);
    out->chars.push_back(chars[i]);
    out->origin.push_back({at, at + 1});
  };
  for (const auto& [begin, end] : Matches(std::u32string_view(chars, n))) {
    for (size_t i = last; i < begin; ++i) keep(i);
    // Every replacement character is "inserted" after the match: aligned to its last character.
    const auto at = first_index + static_cast<int32_t>(end - 1);
    for (char32_t c : content_) {
      out->chars.push_back(c);
      out->origin.push_back({at, at + 1});
    }
    last = end;
  }
  for (size_t i = last; i < n; ++i) keep(i);
}

}  // namespace octet
