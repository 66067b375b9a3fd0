#pragma once
// RobertaProcessing (tokenizers' processors/roberta.rs): `<s> A </s>` and `<s> A </s></s> B </s>`,
// every type id 0, and the byte-level offset trimming (applied with or without special tokens).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/processors/post_processor.h"
#include "core/tokenizer/processors/template_processor.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// The RoBERTa post-processor settings.
struct RobertaSpec {
  std::string cls = "<s>";
  int32_t cls_id = 0;
  std::string sep = "</s>";
  int32_t sep_id = 2;
  bool trim_offsets = true;
  bool add_prefix_space = true;
};

class RobertaProcessor : public PostProcessor {
 public:
  static absl::StatusOr<std::unique_ptr<RobertaProcessor>> Create(RobertaSpec spec);
  /// Reads tokenizer.json's `{"type": "RobertaProcessing", "sep": [token, id], "cls": [token,
  /// id], "trim_offsets", "add_prefix_space"}`. Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<PostProcessor>> FromJson(const nlohmann::json& j,
                                                                 const std::string& path);

  int64_t AddedTokens(bool is_pair) const override { return is_pair ? 4 : 2; }
  /// Type ids are 0 everywhere, overflow windows included (RoBERTa has one token type).
  Encoding Process(Encoding first, std::optional<Encoding> second,
                   bool add_special_tokens) const override;

  const RobertaSpec& spec() const { return spec_; }

 private:
  RobertaProcessor() = default;
  RobertaSpec spec_;
  std::unique_ptr<TemplateProcessor> template_;
};

}  // namespace octet
