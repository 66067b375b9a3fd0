#pragma once
// Reranking with a cross-encoder as TEI's /rerank does it: each (query, text) pair is one
// sequence of a sequence-classification model with one label (its logit) or two (label 1's);
// the score is the logit's sigmoid unless raw scores are asked for; texts come out highest score
// first with their index. Pairs are encoded as the text-classification pipeline encodes pairs
// (core/tasks/text_classification.h, EncodeText).

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "core/models/model_config.h"
#include "core/runtime/tensor.h"

namespace octet {

struct RankedText {
  int64_t index = 0;  // in the request's texts
  float score = 0;
};

/// The logit a cross-encoder's relevance is read from: 0 for a one-label model, 1 for a
/// two-label one; FailedPrecondition for any other label count.
absl::StatusOr<int64_t> RelevanceLabel(const ModelConfig& config);

/// Texts by score (row i of `logits` is text i), highest first, equal scores in text order; at
/// most top_n (0: all).
std::vector<RankedText> RankTexts(const Matrix& logits, int64_t label, bool raw_scores,
                                  int64_t top_n);

}  // namespace octet
