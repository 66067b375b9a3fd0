#include "core/tasks/classification.h"

#include <algorithm>
#include <cmath>

namespace octet {

ScoreFunction ResolveScoreFunction(const ModelConfig& config, ScoreFunction requested) {
  if (requested != ScoreFunction::kDefault) return requested;
  const size_t labels = config.labels.size();
  if (config.problem_type == ProblemType::kRegression) return ScoreFunction::kNone;
  if (config.problem_type == ProblemType::kMultiLabel || labels == 1)
    return ScoreFunction::kSigmoid;
  if (config.problem_type == ProblemType::kSingleLabel || labels > 1)
    return ScoreFunction::kSoftmax;
  return ScoreFunction::kNone;
}

std::vector<LabelScore> ScoreLabels(const float* logits, const ModelConfig& config,
                                    ScoreFunction function, int64_t top_k) {
  const auto n = static_cast<int64_t>(config.labels.size());
  std::vector<float> scores(logits, logits + n);
  switch (ResolveScoreFunction(config, function)) {
    case ScoreFunction::kSoftmax: {
      const float max_v = *std::max_element(scores.begin(), scores.end());
      float sum = 0;
      for (float& s : scores) sum += (s = std::exp(s - max_v));
      for (float& s : scores) s /= sum;
      break;
    }
    case ScoreFunction::kSigmoid:
      for (float& s : scores) s = 1.f / (1.f + std::exp(-s));
      break;
    case ScoreFunction::kNone:
    case ScoreFunction::kDefault:
      break;
  }
  std::vector<LabelScore> out;
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    out.push_back({config.labels[i], static_cast<int32_t>(i), scores[i]});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LabelScore& a, const LabelScore& b) { return a.score > b.score; });
  if (top_k > 0 && top_k < n) out.resize(top_k);
  return out;
}

}  // namespace octet
