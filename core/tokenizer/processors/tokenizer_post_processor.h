#pragma once
// Truncation (with overflow windows and stride) and the template post-processor that adds
// [CLS] / [SEP], reproducing Hugging Face `tokenizers` (utils/truncation.rs,
// processors/template.rs, processors/bert.rs and Encoding::truncate / Encoding::merge_with).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/tokenizer/tokenizer_encoding.h"

namespace octet {

/// One element of a TemplateProcessing template: `$A:0`, `$B:1`, or a special token `[CLS]:0`.
struct TemplatePiece {
  enum class Kind { kSequence, kSpecialToken };
  Kind kind = Kind::kSequence;
  /// For kSequence: 0 = $A (first text), 1 = $B (second text).
  int sequence = 0;
  /// For kSpecialToken: the key into PostProcessorSpec::special_tokens.
  std::string special;
  int32_t type_id = 0;
};

/// A special token of the template; may expand to several ids.
struct TemplateSpecialToken {
  std::string id;
  std::vector<int32_t> ids;
  std::vector<std::string> tokens;
};

/// TemplateProcessing (BertProcessing is the same with the BERT template).
struct PostProcessorSpec {
  std::vector<TemplatePiece> single;
  std::vector<TemplatePiece> pair;
  std::vector<TemplateSpecialToken> special_tokens;

  /// single = `[CLS]:0 $A:0 [SEP]:0`, pair = `[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1`.
  static PostProcessorSpec Bert(const std::string& cls, int32_t cls_id, const std::string& sep,
                                int32_t sep_id);
  /// No special tokens: single = `$A:0`, pair = `$A:0 $B:1` (what a null post_processor does).
  static PostProcessorSpec None();
};

/// Applies a template to one or two sequence encodings.
class PostProcessor {
 public:
  /// Checks that every special piece names a known special token (with as many ids as tokens),
  /// that `single` uses $A only and `pair` uses both $A and $B.
  static absl::StatusOr<PostProcessor> Create(PostProcessorSpec spec);

  /// Number of tokens the template adds (what truncation reserves).
  int64_t AddedTokens(bool is_pair) const { return is_pair ? added_pair_ : added_single_; }

  /// Hugging Face PostProcessor::process: sets type ids, applies the template and merges the
  /// parts (overflow windows get their own specials, the Encoding::merge_with way).
  Encoding Process(Encoding first, std::optional<Encoding> second, bool add_special_tokens) const;

 private:
  PostProcessor() = default;
  Encoding SpecialEncoding(const TemplatePiece& piece) const;

  PostProcessorSpec spec_;
  int64_t added_single_ = 0;
  int64_t added_pair_ = 0;
};

/// Hugging Face Encoding::truncate (direction right): keeps the first `max_len` tokens and moves
/// the rest into `overflowing` as windows of `max_len` tokens starting every max_len − stride
/// tokens. max_len = 0 moves everything into one overflow window. InvalidArgument when a cut is
/// needed and stride >= max_len.
absl::Status TruncateEncoding(Encoding* encoding, int64_t max_len, int64_t stride);

/// Hugging Face truncate_encodings: shortens `first` and/or `second` (may be null) so that
/// together they have at most `max_length` tokens (specials already subtracted).
absl::Status TruncateEncodings(Encoding* first, Encoding* second, int64_t max_length,
                               Truncation strategy, int64_t stride);

/// Hugging Face Encoding::merge_with (growing_offsets = false): appends `pair` to `self` and
/// combines their overflow windows.
void MergeEncoding(Encoding* self, Encoding pair);

}  // namespace octet
