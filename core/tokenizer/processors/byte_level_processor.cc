#include "core/tokenizer/processors/byte_level_processor.h"

#include <algorithm>
#include <utility>

#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/json_util.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

// 'Ġ', the byte-level character of the space byte.
constexpr char32_t kByteLevelSpace = 0x120;

bool IsSpaceLike(char32_t c) { return c == kByteLevelSpace || unicode::IsWhitespace(c); }

// UTF-8 bytes of the original text that `c` of a token stands for.
int64_t SourceBytes(char32_t c) {
  if (c == kByteLevelSpace) return 1;
  std::string utf8;
  unicode::AppendUtf8(c, &utf8);
  return static_cast<int64_t>(utf8.size());
}

}  // namespace

void TrimByteLevelOffsets(bool add_prefix_space, Encoding* e) {
  unicode::DecodedText token;
  for (size_t i = 0; i < e->size(); ++i) {
    if (!unicode::DecodeUtf8(e->tokens[i], &token).ok() || token.chars.empty()) continue;
    const std::vector<char32_t>& c = token.chars;
    size_t lead = 0;
    int64_t lead_bytes = 0;
    while (lead < c.size() && IsSpaceLike(c[lead])) lead_bytes += SourceBytes(c[lead++]);
    size_t trail = 0;
    int64_t trail_bytes = 0;
    while (trail < c.size() && IsSpaceLike(c[c.size() - 1 - trail])) {
      trail_bytes += SourceBytes(c[c.size() - 1 - trail++]);
    }
    auto& off = e->offsets[i];
    auto& bytes = e->byte_offsets[i];
    if (lead > 0) {
      const bool is_first = i == 0 || off[0] == 0;
      if (!(is_first && add_prefix_space && lead == 1)) {
        off[0] = std::min(off[0] + static_cast<int64_t>(lead), off[1]);
        bytes[0] = std::min(bytes[0] + lead_bytes, bytes[1]);
      }
    }
    if (trail > 0 && off[1] >= static_cast<int64_t>(trail)) {
      off[1] = std::max(off[1] - static_cast<int64_t>(trail), off[0]);
      bytes[1] = std::max(bytes[1] - trail_bytes, bytes[0]);
    }
  }
  for (Encoding& window : e->overflowing) TrimByteLevelOffsets(add_prefix_space, &window);
}

absl::StatusOr<std::unique_ptr<PostProcessor>> ByteLevelProcessor::FromJson(
    const nlohmann::json& j, const std::string& path) {
  std::unique_ptr<ByteLevelProcessor> p(new ByteLevelProcessor());
  OCTET_ASSIGN_OR_RETURN(p->trim_offsets_,
                         GetBool(j, "trim_offsets", true, path, "post_processor."));
  OCTET_ASSIGN_OR_RETURN(p->add_prefix_space_,
                         GetBool(j, "add_prefix_space", true, path, "post_processor."));
  OCTET_ASSIGN_OR_RETURN(p->merge_, TemplateProcessor::Create(TemplateSpec::None()));
  return std::unique_ptr<PostProcessor>(std::move(p));
}

Encoding ByteLevelProcessor::Process(Encoding first, std::optional<Encoding> second,
                                     bool add_special_tokens) const {
  if (trim_offsets_) {
    TrimByteLevelOffsets(add_prefix_space_, &first);
    if (second) TrimByteLevelOffsets(add_prefix_space_, &*second);
  }
  return merge_->Process(std::move(first), std::move(second), add_special_tokens);
}

}  // namespace octet
