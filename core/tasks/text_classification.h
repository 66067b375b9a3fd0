#pragma once
// The text-classification pipeline as the Hugging Face text-classification pipeline
// (transformers 4.x) runs it: a text or a text pair → one encoding, cut longest-first to the
// model's limit → one sequence of a batch → one row of logits → label scores
// (core/tasks/classification.h). The server, the start-up self-check, `octet predict` and
// `octet eval` all go through these functions.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "core/tasks/classification.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

/// One input: a text, or a pair of texts (e.g. premise and hypothesis). The views must outlive
/// the call that encodes them.
struct TextInput {
  std::string_view text;
  /// The second text of a pair; nullopt for a single text.
  std::optional<std::string_view> text_pair;
};

struct TextClassificationOptions {
  /// Longest sequence, special tokens included: the model's MaxTokens (core/tasks/token_limit.h).
  int64_t max_length = 512;
  /// Cut longer inputs to max_length, the longer text of a pair first (the pipeline's
  /// truncation=True). Off: a longer input is an error.
  bool truncation = true;
  /// How logits become scores.
  ScoreFunction function = ScoreFunction::kDefault;
  /// Labels kept per input, best first; 0 keeps all.
  int64_t top_k = 0;
};

/// Inputs tokenized for the model, one sequence per input in input order: the unit that is
/// computed (a server worker packs several units into one forward pass).
struct EncodedTexts {
  SequenceBatch sequences;
  /// Per input: tokens were cut off to fit max_length.
  std::vector<bool> truncated;

  int64_t size() const { return sequences.num_sequences(); }
};

/// Tokenizes `input` and appends its sequence to `out`. Errors leave `out` unchanged: the
/// tokenizer's (InvalidArgument, e.g. invalid UTF-8), or OutOfRange "N tokens, expected at most
/// L (the model's limit)" when truncation is off and the input is longer than max_length.
absl::Status EncodeText(const Tokenizer& tokenizer, const TextInput& input,
                        const TextClassificationOptions& options, EncodedTexts* out);

/// The label scores of every input from the model's logits for a unit ([inputs, labels], row i
/// for input i): the top_k labels by score, highest first (ScoreLabels).
std::vector<std::vector<LabelScore>> ScoreTexts(const Matrix& logits, const ModelConfig& config,
                                                const TextClassificationOptions& options);

}  // namespace octet
