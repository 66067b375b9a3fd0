#include "core/tasks/rerank.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace octet {

absl::StatusOr<int64_t> RelevanceLabel(const ModelConfig& config) {
  const size_t n = config.labels.size();
  if (n == 1 || n == 2) return static_cast<int64_t>(n - 1);
  return absl::FailedPreconditionError(absl::StrFormat(
      "reranking needs a cross-encoder with 1 label (or 2: label 1 is relevance); this model has "
      "%d labels",
      n));
}

std::vector<RankedText> RankTexts(const Matrix& logits, int64_t label, bool raw_scores,
                                  int64_t top_n) {
  std::vector<RankedText> out;
  for (int64_t r = 0; r < logits.rows; ++r) {
    const float x = logits.row(r)[label];
    out.push_back({r, raw_scores ? x : 1.f / (1.f + std::exp(-x))});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RankedText& a, const RankedText& b) { return a.score > b.score; });
  if (top_n > 0 && top_n < static_cast<int64_t>(out.size())) out.resize(top_n);
  return out;
}

}  // namespace octet
