#include "core/tokenizer/truncation.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"

namespace octet {
namespace {

const char* StrategyName(Truncation strategy) {
  switch (strategy) {
    case Truncation::kLongestFirst:
      return "longest_first";
    case Truncation::kOnlyFirst:
      return "only_first";
    case Truncation::kOnlySecond:
      return "only_second";
  }
  return "?";
}

template <typename T>
void AppendRange(const std::vector<T>& from, size_t begin, size_t end, std::vector<T>* to) {
  to->insert(to->end(), from.begin() + begin, from.begin() + end);
}

// Tokens [begin, end) of `e`, without overflow windows.
Encoding Slice(const Encoding& e, size_t begin, size_t end) {
  Encoding s;
  AppendRange(e.ids, begin, end, &s.ids);
  AppendRange(e.type_ids, begin, end, &s.type_ids);
  AppendRange(e.attention_mask, begin, end, &s.attention_mask);
  AppendRange(e.special_tokens_mask, begin, end, &s.special_tokens_mask);
  AppendRange(e.tokens, begin, end, &s.tokens);
  AppendRange(e.offsets, begin, end, &s.offsets);
  AppendRange(e.byte_offsets, begin, end, &s.byte_offsets);
  AppendRange(e.sequence_ids, begin, end, &s.sequence_ids);
  AppendRange(e.word_ids, begin, end, &s.word_ids);
  return s;
}

}  // namespace

absl::Status TruncateEncoding(Encoding* encoding, int64_t max_len, int64_t stride) {
  const auto len = static_cast<int64_t>(encoding->size());
  if (max_len >= len) return absl::OkStatus();
  if (max_len == 0) {
    Encoding all = std::move(*encoding);
    *encoding = Encoding();
    encoding->overflowing.push_back(std::move(all));
    return absl::OkStatus();
  }
  if (stride >= max_len) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "stride must be smaller than the tokens left per window after special tokens: expected "
        "stride < %d, got stride %d",
        max_len, stride));
  }
  const int64_t step = max_len - stride;
  Encoding truncated = Slice(*encoding, 0, static_cast<size_t>(max_len));
  for (int64_t start = step; start < len; start += step) {
    const int64_t stop = std::min(start + max_len, len);
    truncated.overflowing.push_back(
        Slice(*encoding, static_cast<size_t>(start), static_cast<size_t>(stop)));
    if (stop == len) break;
  }
  *encoding = std::move(truncated);
  return absl::OkStatus();
}

absl::Status TruncateEncodings(Encoding* first, Encoding* second, int64_t max_length,
                               Truncation strategy, int64_t stride) {
  if (max_length == 0) {
    absl::Status s = TruncateEncoding(first, 0, stride);
    if (s.ok() && second != nullptr) s = TruncateEncoding(second, 0, stride);
    return s;
  }
  const auto n_first = static_cast<int64_t>(first->size());
  const int64_t n_second = second != nullptr ? static_cast<int64_t>(second->size()) : 0;
  const int64_t total = n_first + n_second;
  if (total <= max_length) return absl::OkStatus();
  const int64_t to_remove = total - max_length;

  if (strategy == Truncation::kLongestFirst) {
    if (second == nullptr) return TruncateEncoding(first, total - to_remove, stride);
    int64_t n1 = n_first, n2 = n_second;
    const bool swap = n1 > n2;
    if (swap) std::swap(n1, n2);  // n1 = the shorter
    n2 = n1 > max_length ? n1 : std::max(n1, max_length - n1);
    if (n1 + n2 > max_length) {
      n1 = max_length / 2;
      n2 = n1 + max_length % 2;
    }
    if (swap) std::swap(n1, n2);
    absl::Status s = TruncateEncoding(first, n1, stride);
    if (s.ok()) s = TruncateEncoding(second, n2, stride);
    return s;
  }
  Encoding* target = strategy == Truncation::kOnlyFirst ? first : second;
  if (target == nullptr) {
    return absl::InvalidArgumentError(
        "truncation only_second needs a second text: expected a pair, got a single text");
  }
  const auto target_len = static_cast<int64_t>(target->size());
  if (target_len <= to_remove) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s truncation cannot fit max_length: %d tokens must be removed but the %s text has only "
        "%d (expected the other text plus special tokens to leave room, got %d tokens in total "
        "for a budget of %d)",
        StrategyName(strategy), to_remove, strategy == Truncation::kOnlyFirst ? "first" : "second",
        target_len, total, max_length));
  }
  return TruncateEncoding(target, target_len - to_remove, stride);
}

}  // namespace octet
