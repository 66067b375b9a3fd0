#pragma once
// Text-classification post-processing, as the Hugging Face text-classification pipeline does it.

#include <cstdint>
#include <string>
#include <vector>

#include "core/models/model_config.h"

namespace octet {

enum class ScoreFunction { kDefault, kSoftmax, kSigmoid, kNone };

/// kDefault resolves as the pipeline does: regression → none; multi-label or one label →
/// sigmoid; single-label or several labels → softmax. Other values are returned unchanged.
ScoreFunction ResolveScoreFunction(const ModelConfig& config, ScoreFunction requested);

struct LabelScore {
  std::string label;
  int32_t id = 0;
  float score = 0;
};

/// Scores one row of logits and returns the `top_k` best labels by score, highest first
/// (top_k ≤ 0: all). Ties keep label order.
std::vector<LabelScore> ScoreLabels(const float* logits, const ModelConfig& config,
                                    ScoreFunction function, int64_t top_k);

}  // namespace octet
