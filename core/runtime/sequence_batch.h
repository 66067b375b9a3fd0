#pragma once
// A padding-free batch: the tokens of several sequences laid end to end as one row block.

#include <cstdint>
#include <vector>

namespace octet {

struct SequenceBatch {
  std::vector<int32_t> ids;
  std::vector<int32_t> type_ids;
  /// Per token: 1 = attend to it, 0 = padding a caller kept. Empty means all ones.
  std::vector<int32_t> attention_mask;
  /// starts[i] is the first row of sequence i; starts.back() == ids.size().
  std::vector<int64_t> starts{0};

  /// Appends one sequence. `type_ids` may be empty (all zero); `mask` may be empty (all ones).
  void Add(const std::vector<int32_t>& seq_ids, const std::vector<int32_t>& seq_type_ids,
           const std::vector<int32_t>& mask = {}) {
    const size_t n = seq_ids.size();
    if (!mask.empty() && attention_mask.empty()) attention_mask.assign(ids.size(), 1);
    ids.insert(ids.end(), seq_ids.begin(), seq_ids.end());
    if (seq_type_ids.empty()) {
      type_ids.insert(type_ids.end(), n, 0);
    } else {
      type_ids.insert(type_ids.end(), seq_type_ids.begin(), seq_type_ids.end());
    }
    if (!mask.empty()) {
      attention_mask.insert(attention_mask.end(), mask.begin(), mask.end());
    } else if (!attention_mask.empty()) {
      attention_mask.insert(attention_mask.end(), n, 1);
    }
    starts.push_back(static_cast<int64_t>(ids.size()));
  }
  int64_t num_sequences() const { return static_cast<int64_t>(starts.size()) - 1; }
  int64_t num_tokens() const { return static_cast<int64_t>(ids.size()); }
  int64_t length(int64_t i) const { return starts[i + 1] - starts[i]; }
};

}  // namespace octet
