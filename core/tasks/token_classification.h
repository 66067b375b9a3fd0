#pragma once
// Token classification (NER, PII tagging) as the Hugging Face token-classification pipeline
// (transformers 4.x TokenClassificationPipeline) runs it: the text → one encoding, or windows of
// max_length tokens overlapping by `stride` → one sequence per window → the model's
// [tokens, labels] logits → a softmax per token → entities. Special tokens are skipped; words are
// told apart by offsets (a tokenizer with a continuation prefix, e.g. WordPiece's "##": a token
// whose string is not as long as the text it covers; any other: a token is a subword unless it
// starts the text or a space is just before it or at its start); tokens are aggregated per word
// (first / average / max) and grouped into entities by their B- / I- tags (simple and the
// others); entities whose label is in ignore_labels are dropped; with several windows, entities
// that overlap keep the longer (then the higher-scored) one. The server, the start-up
// self-check and `octet predict` go through these functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

/// The pipeline's aggregation_strategy.
enum class Aggregation { kNone, kSimple, kFirst, kAverage, kMax };

struct TokenClassificationOptions {
  Aggregation aggregation = Aggregation::kNone;
  /// Entities with one of these labels (entity or entity_group) are dropped.
  std::vector<std::string> ignore_labels = {"O"};
  /// Longest window, special tokens included: the model's MaxTokens (core/tasks/token_limit.h).
  int64_t max_length = 512;
  /// Overlap of consecutive windows in tokens; nullopt: no windows (a text over max_length is an
  /// error, the pipeline's stride=None).
  std::optional<int64_t> stride;
};

struct TokenEntity {
  /// The label: `entity` for aggregation none, `entity_group` (B-/I- prefix removed) otherwise.
  std::string label;
  double score = 0;
  /// The tokens as a string (convert_tokens_to_string; the text itself for an unknown token).
  std::string word;
  int64_t start = 0;  // code points into the text, end exclusive
  int64_t end = 0;
  int64_t byte_start = 0;  // the same span in UTF-8 bytes
  int64_t byte_end = 0;
  /// Aggregation none: the token's index in its window's encoding; -1 otherwise.
  int64_t index = -1;
};

/// "none", "simple", "first", "average", "max".
const char* AggregationName(Aggregation aggregation);

/// Tokenizes `text` into the windows the model runs on: one without stride; with stride,
/// max_length windows overlapping by stride tokens. Errors: the tokenizer's (InvalidArgument),
/// OutOfRange "N tokens, expected at most L (the model's limit)" without stride, InvalidArgument
/// for a stride with aggregation none (the pipeline refuses it) or too large for max_length.
absl::StatusOr<std::vector<Encoding>> EncodeForTagging(const Tokenizer& tokenizer,
                                                       std::string_view text,
                                                       const TokenClassificationOptions& options);

/// The entities of `text` from the model's logits for its windows: rows from `first_row` on are
/// the windows' tokens in order, one column per label (`labels`: id2label in id order).
std::vector<TokenEntity> DecodeEntities(const Tokenizer& tokenizer,
                                        const std::vector<Encoding>& windows, const Matrix& logits,
                                        int64_t first_row, std::string_view text,
                                        const std::vector<std::string>& labels,
                                        const TokenClassificationOptions& options);

}  // namespace octet
