#pragma once
// The offset trimming of byte-level tokenizers (tokenizers' `process_offsets` in
// pre_tokenizers/byte_level.rs) and the `ByteLevel` post-processor that applies only that.
// A byte-level token that starts or ends with spaces ('Ġ', or whitespace in an added token such
// as RoBERTa's lstrip " <mask>") reports offsets without them.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/processors/post_processor.h"
#include "core/tokenizer/processors/template_processor.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// Moves each token's start past its leading spaces and its end before its trailing ones (never
/// past each other), in `e` and its overflow windows. The leading space of a text's first token
/// stays when `add_prefix_space` put it there (exactly one, on the first token or one at
/// offset 0).
void TrimByteLevelOffsets(bool add_prefix_space, Encoding* e);

/// tokenizer.json `{"type": "ByteLevel"}` as a post-processor: trims offsets (with
/// `trim_offsets`), adds no special tokens; type ids 0 for the first text, 1 for the second.
class ByteLevelProcessor : public PostProcessor {
 public:
  static absl::StatusOr<std::unique_ptr<PostProcessor>> FromJson(const nlohmann::json& j,
                                                                 const std::string& path);

  int64_t AddedTokens(bool /*is_pair*/) const override { return 0; }
  Encoding Process(Encoding first, std::optional<Encoding> second,
                   bool add_special_tokens) const override;

 private:
  ByteLevelProcessor() = default;
  bool trim_offsets_ = true;
  bool add_prefix_space_ = true;
  std::unique_ptr<TemplateProcessor> merge_;  // the no-special-token template
};

}  // namespace octet
