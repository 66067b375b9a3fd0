#pragma once
// Zero-shot classification as the Hugging Face zero-shot-classification pipeline (transformers
// 4.x ZeroShotClassificationPipeline) runs it on an NLI model: one (text, hypothesis) pair per
// candidate label, the hypothesis being the template with the label in place of "{}", cut
// only_first (the text, never the hypothesis) to the model's limit; then, with one label or
// multi_label, each label's softmax over its (contradiction, entailment) logits, else one
// softmax of the entailment logits across the labels. Labels come out highest score first.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "core/tasks/classification.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

inline constexpr char kDefaultHypothesisTemplate[] = "This example is {}.";

struct ZeroShotOptions {
  std::string hypothesis_template = kDefaultHypothesisTemplate;
  bool multi_label = false;
  /// Longest pair, special tokens included: the model's MaxTokens (core/tasks/token_limit.h).
  int64_t max_length = 512;
};

/// The id of the model's first label (id order) that starts with "entail", case-insensitively
/// (the pipeline's entailment_id). FailedPrecondition naming the labels when there is none.
absl::StatusOr<int64_t> EntailmentId(const ModelConfig& config);

/// The contradiction logit's id beside `entailment_id`: the last label when entailment is
/// label 0, else label 0 (the pipeline's rule).
int64_t ContradictionId(int64_t entailment_id, int64_t num_labels);

/// The template with `label` in place of its "{}". InvalidArgument when the template has no
/// "{}" (the pipeline refuses a template that formatting leaves unchanged).
absl::StatusOr<std::string> Hypothesis(std::string_view hypothesis_template,
                                       std::string_view label);

/// Appends one (text, hypothesis) sequence per label to `out`, in label order; `truncated` is
/// set when the text had to be cut. Errors leave `out` unchanged: the tokenizer's
/// (InvalidArgument, e.g. a hypothesis that leaves the text no room).
absl::Status EncodeZeroShot(const Tokenizer& tokenizer, std::string_view text,
                            const std::vector<std::string>& labels, const ZeroShotOptions& options,
                            SequenceBatch* out, bool* truncated);

/// The label scores of one text from the logits of its pairs (rows first_row ..
/// first_row + labels − 1, in label order), highest first; `id` is the label's index. Equal
/// scores: the later label first (the pipeline reverses an ascending sort).
std::vector<LabelScore> ScoreZeroShot(const Matrix& logits, int64_t first_row,
                                      const std::vector<std::string>& labels, int64_t entailment_id,
                                      bool multi_label);

}  // namespace octet
