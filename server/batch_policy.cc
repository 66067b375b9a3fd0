#include "server/batch_policy.h"

#include <algorithm>
#include <cstdlib>

namespace octet::server {

std::vector<size_t> SelectBatch(const std::vector<QueuedJobInfo>& queue,
                                const BatchLimits& limits) {
  std::vector<size_t> chosen;
  if (queue.empty()) return chosen;
  const QueuedJobInfo& first = queue[0];
  chosen.push_back(0);
  int64_t tokens = first.tokens, sequences = first.sequences;
  std::vector<size_t> candidates;
  for (size_t i = 1; i < queue.size(); ++i) {
    if (queue[i].model == first.model) candidates.push_back(i);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
    return std::llabs(queue[a].longest - first.longest) <
           std::llabs(queue[b].longest - first.longest);
  });
  for (size_t i : candidates) {
    if (BatchIsFull(tokens, sequences, 1, limits)) break;
    const QueuedJobInfo& j = queue[i];
    if (tokens + j.tokens > limits.max_tokens || sequences + j.sequences > limits.max_sequences) {
      continue;  // a smaller job further on may still fit
    }
    tokens += j.tokens;
    sequences += j.sequences;
    chosen.push_back(i);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

bool BatchIsFull(int64_t tokens, int64_t sequences, int64_t length, const BatchLimits& limits) {
  return sequences >= limits.max_sequences || tokens + length > limits.max_tokens;
}

}  // namespace octet::server
