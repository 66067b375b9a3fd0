#include "core/tokenizer/pre_tokenizers/metaspace.h"

#include <vector>

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {

absl::StatusOr<std::unique_ptr<PreTokenizer>> MetaspacePreTokenizer::FromJson(
    const nlohmann::json& j, const std::string& path) {
  MetaspaceOptions o;
  const Json& replacement = Field(j, "replacement");
  unicode::DecodedText decoded;
  if (!replacement.is_string() ||
      !unicode::DecodeUtf8(replacement.get<std::string>(), &decoded).ok() ||
      decoded.chars.size() != 1) {
    return FieldError(path, "pre_tokenizer.replacement", "a string of one character", replacement);
  }
  o.replacement = decoded.chars[0];
  const Json& scheme = Field(j, "prepend_scheme");
  const Json& legacy = Field(j, "add_prefix_space");
  if (!legacy.is_null() && !legacy.is_boolean()) {
    return FieldError(path, "pre_tokenizer.add_prefix_space", "true or false", legacy);
  }
  if (scheme.is_null()) {
    o.prepend_scheme =
        legacy.is_boolean() && !legacy.get<bool>() ? PrependScheme::kNever : PrependScheme::kAlways;
  } else {
    const std::string name = scheme.is_string() ? scheme.get<std::string>() : "";
    if (name == "always") {
      o.prepend_scheme = PrependScheme::kAlways;
    } else if (name == "first") {
      o.prepend_scheme = PrependScheme::kFirst;
    } else if (name == "never") {
      o.prepend_scheme = PrependScheme::kNever;
    } else {
      return FieldError(path, "pre_tokenizer.prepend_scheme", "\"always\", \"first\" or \"never\"",
                        scheme);
    }
    if (legacy.is_boolean() && !legacy.get<bool>() && o.prepend_scheme != PrependScheme::kNever) {
      return FieldError(path, "pre_tokenizer.add_prefix_space",
                        "true, or a prepend_scheme of \"never\" with false", legacy);
    }
  }
  OCTET_ASSIGN_OR_RETURN(o.split, GetBool(j, "split", true, path, "pre_tokenizer."));
  return std::make_unique<MetaspacePreTokenizer>(o);
}

void MetaspacePreTokenizer::PreTokenize(std::u32string_view chars, const CharSpan* origin,
                                        PreTokenizedText* out) const {
  if (chars.empty()) return;
  const char32_t marker = options_.replacement;
  std::u32string text;
  std::vector<CharSpan> text_origin;
  text.reserve(chars.size() + 1);
  text_origin.reserve(chars.size() + 1);
  // Spaces become the marker, aligned to the space. The prepended marker (checked after the
  // replacement, as the crate does) is aligned to the first character.
  const bool starts_with_marker = chars.front() == U' ' || chars.front() == marker;
  const bool prepend = !starts_with_marker &&
                       (options_.prepend_scheme == PrependScheme::kAlways ||
                        (options_.prepend_scheme == PrependScheme::kFirst && origin[0].begin == 0));
  if (prepend) {
    text.push_back(marker);
    text_origin.push_back(origin[0]);
  }
  for (size_t i = 0; i < chars.size(); ++i) {
    text.push_back(chars[i] == U' ' ? marker : chars[i]);
    text_origin.push_back(origin[i]);
  }
  if (!options_.split) {
    out->AddWord(text, text_origin.data());
    return;
  }
  // MergedWithNext: every marker starts a new word.
  size_t begin = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == marker) {
      out->AddWord(std::u32string_view(text).substr(begin, i - begin), text_origin.data() + begin);
      begin = i;
    }
  }
}

}  // namespace octet
