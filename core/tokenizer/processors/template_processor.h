#pragma once
// TemplateProcessing and BertProcessing (Hugging Face `tokenizers`, processors/template.rs and
// processors/bert.rs): the special tokens come from a template such as `[CLS]:0 $A:0 [SEP]:0`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/processors/post_processor.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

/// One element of a template: `$A:0`, `$B:1`, or a special token `[CLS]:0`.
struct TemplatePiece {
  enum class Kind { kSequence, kSpecialToken };
  Kind kind = Kind::kSequence;
  /// For kSequence: 0 = $A (first text), 1 = $B (second text).
  int sequence = 0;
  /// For kSpecialToken: the key into TemplateSpec::special_tokens.
  std::string special;
  int32_t type_id = 0;
};

/// A special token of the template; may expand to several ids.
struct TemplateSpecialToken {
  std::string id;
  std::vector<int32_t> ids;
  std::vector<std::string> tokens;
};

/// The templates for a single text and a pair, and the special tokens they name.
struct TemplateSpec {
  std::vector<TemplatePiece> single;
  std::vector<TemplatePiece> pair;
  std::vector<TemplateSpecialToken> special_tokens;

  /// single = `[CLS]:0 $A:0 [SEP]:0`, pair = `[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1`.
  static TemplateSpec Bert(const std::string& cls, int32_t cls_id, const std::string& sep,
                           int32_t sep_id);
  /// No special tokens: single = `$A:0`, pair = `$A:0 $B:1` (what a null post_processor does).
  static TemplateSpec None();
};

/// Applies a template to one or two sequence encodings.
class TemplateProcessor : public PostProcessor {
 public:
  /// Checks that every special piece names a known special token (with as many ids as tokens),
  /// that `single` uses $A only and `pair` uses both $A and $B.
  static absl::StatusOr<std::unique_ptr<TemplateProcessor>> Create(TemplateSpec spec);
  /// Reads tokenizer.json's `{"type": "TemplateProcessing", "single", "pair",
  /// "special_tokens"}`. Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<PostProcessor>> FromJson(const nlohmann::json& j,
                                                                 const std::string& path);
  /// Reads tokenizer.json's `{"type": "BertProcessing", "cls": [token, id], "sep": [...]}`.
  static absl::StatusOr<std::unique_ptr<PostProcessor>> FromBertJson(const nlohmann::json& j,
                                                                     const std::string& path);

  int64_t AddedTokens(bool is_pair) const override { return is_pair ? added_pair_ : added_single_; }
  Encoding Process(Encoding first, std::optional<Encoding> second,
                   bool add_special_tokens) const override;

 private:
  TemplateProcessor() = default;
  Encoding SpecialEncoding(const TemplatePiece& piece) const;

  TemplateSpec spec_;
  int64_t added_single_ = 0;
  int64_t added_pair_ = 0;
};

}  // namespace octet
