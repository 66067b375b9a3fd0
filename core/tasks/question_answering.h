#pragma once
// Extractive question answering exactly as the Hugging Face question-answering pipeline
// (transformers 4.x): question-first pairs over stride windows of the context, one sequence per
// window, the model's [tokens, 2] logits split back per window, two softmaxes per window, spans
// start ≤ end < start + max_answer_len inside the context, word-aligned character spans, equal
// answers merged by summing scores, optional null answer. The server, the start-up self-check,
// `octet predict` and `octet eval` all go through these functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

struct AnswerOptions {
  int64_t top_k = 1;
  int64_t max_answer_len = 15;  // tokens
  int64_t max_seq_len = 384;    // window length, special tokens included
  int64_t doc_stride = 128;     // overlap between windows, tokens
  bool handle_impossible_answer = false;
  bool align_to_words = true;
};

struct AnswerSpan {
  std::string text;   // the exact substring of the context
  int64_t start = 0;  // code points into the context, end exclusive
  int64_t end = 0;
  int64_t byte_start = 0;  // the same span in UTF-8 bytes
  int64_t byte_end = 0;
  double score = 0;
};

/// Per window: the model's start and end logits, one per token of the window's encoding.
struct WindowLogits {
  std::vector<float> start;
  std::vector<float> end;
};

/// The pipeline's settings for a model whose sequences hold at most `max_tokens` (MaxTokens in
/// core/tasks/token_limit.h): max_seq_len min(384, max_tokens), doc_stride
/// min(max_seq_len / 2, 128), everything else as AnswerOptions' defaults.
AnswerOptions DefaultAnswerOptions(int64_t max_tokens);

/// The pipeline's default stride for windows of `max_seq_len` tokens: min(max_seq_len / 2, 128).
int64_t DefaultDocStride(int64_t max_seq_len);

/// Tokenizes `question` + `context` into windows ([CLS] question [SEP] context-part [SEP]).
/// InvalidArgument when the question leaves no room for the context or doc_stride is too large.
absl::StatusOr<std::vector<Encoding>> EncodeQuestionContext(const Tokenizer& tokenizer,
                                                            std::string_view question,
                                                            std::string_view context,
                                                            const AnswerOptions& options);

/// Appends each window to `out` as one sequence, in order: the unit that is computed.
void AddWindows(const std::vector<Encoding>& windows, SequenceBatch* out);

/// The start and end logits of each window, from the model's [tokens, 2] output whose rows from
/// `first_row` on are the windows' tokens in order (as AddWindows lays them out).
std::vector<WindowLogits> SplitWindowLogits(const std::vector<Encoding>& windows,
                                            const Matrix& logits, int64_t first_row = 0);

/// Best answers over all windows, highest score first, at most top_k.
std::vector<AnswerSpan> DecodeAnswers(const std::vector<Encoding>& windows,
                                      const std::vector<WindowLogits>& logits,
                                      std::string_view context, const AnswerOptions& options);

}  // namespace octet
