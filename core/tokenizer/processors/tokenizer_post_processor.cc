#include "core/tokenizer/processors/tokenizer_post_processor.h"

#include <algorithm>
#include <utility>

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

template <typename T>
void AppendAll(std::vector<T>&& from, std::vector<T>* to) {
  if (to->empty()) {
    *to = std::move(from);
  } else {
    to->insert(to->end(), std::make_move_iterator(from.begin()),
               std::make_move_iterator(from.end()));
  }
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

PostProcessorSpec PostProcessorSpec::Bert(const std::string& cls, int32_t cls_id,
                                          const std::string& sep, int32_t sep_id) {
  using Kind = TemplatePiece::Kind;
  PostProcessorSpec spec;
  spec.single = {{Kind::kSpecialToken, 0, cls, 0},
                 {Kind::kSequence, 0, "", 0},
                 {Kind::kSpecialToken, 0, sep, 0}};
  spec.pair = spec.single;
  spec.pair.push_back({Kind::kSequence, 1, "", 1});
  spec.pair.push_back({Kind::kSpecialToken, 0, sep, 1});
  spec.special_tokens = {{cls, {cls_id}, {cls}}, {sep, {sep_id}, {sep}}};
  return spec;
}

PostProcessorSpec PostProcessorSpec::None() {
  using Kind = TemplatePiece::Kind;
  PostProcessorSpec spec;
  spec.single = {{Kind::kSequence, 0, "", 0}};
  spec.pair = {{Kind::kSequence, 0, "", 0}, {Kind::kSequence, 1, "", 1}};
  return spec;
}

absl::StatusOr<PostProcessor> PostProcessor::Create(PostProcessorSpec spec) {
  for (const TemplateSpecialToken& t : spec.special_tokens) {
    if (t.ids.size() != t.tokens.size() || t.ids.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "post-processor special token \"%s\": expected as many ids as tokens (at least one), "
          "got %d ids and %d tokens",
          t.id, t.ids.size(), t.tokens.size()));
    }
    for (int32_t id : t.ids) {
      if (id < 0) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "post-processor special token \"%s\": ids must be >= 0, got %d", t.id, id));
      }
    }
  }
  PostProcessor p;
  for (int is_pair = 0; is_pair < 2; ++is_pair) {
    const auto& pieces = is_pair ? spec.pair : spec.single;
    bool uses[2] = {false, false};
    int64_t added = 0;
    for (const TemplatePiece& piece : pieces) {
      if (piece.kind == TemplatePiece::Kind::kSequence) {
        if (piece.sequence != 0 && piece.sequence != 1) {
          return absl::InvalidArgumentError(
              absl::StrFormat("template sequence must be A or B, got %d", piece.sequence));
        }
        uses[piece.sequence] = true;
        continue;
      }
      const auto it =
          std::find_if(spec.special_tokens.begin(), spec.special_tokens.end(),
                       [&](const TemplateSpecialToken& t) { return t.id == piece.special; });
      if (it == spec.special_tokens.end()) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "template uses special token \"%s\", which special_tokens does not define",
            piece.special));
      }
      added += static_cast<int64_t>(it->ids.size());
    }
    if (!is_pair && (!uses[0] || uses[1])) {
      return absl::InvalidArgumentError("the single template must use $A and not $B");
    }
    if (is_pair && (!uses[0] || !uses[1])) {
      return absl::InvalidArgumentError("the pair template must use both $A and $B");
    }
    (is_pair ? p.added_pair_ : p.added_single_) = added;
  }
  p.spec_ = std::move(spec);
  return p;
}

Encoding PostProcessor::SpecialEncoding(const TemplatePiece& piece) const {
  const auto it =
      std::find_if(spec_.special_tokens.begin(), spec_.special_tokens.end(),
                   [&](const TemplateSpecialToken& t) { return t.id == piece.special; });
  Encoding e;
  const size_t n = it->ids.size();
  e.ids = it->ids;
  e.tokens = it->tokens;
  e.type_ids.assign(n, piece.type_id);
  e.attention_mask.assign(n, 1);
  e.special_tokens_mask.assign(n, 1);
  e.offsets.assign(n, {0, 0});
  e.byte_offsets.assign(n, {0, 0});
  e.sequence_ids.assign(n, -1);
  e.word_ids.assign(n, -1);
  return e;
}

Encoding PostProcessor::Process(Encoding first, std::optional<Encoding> second,
                                bool add_special_tokens) const {
  const bool is_pair = second.has_value();
  Encoding* seqs[2] = {&first, is_pair ? &*second : nullptr};
  // PostProcessor::process: the main part (not the overflow windows) gets type id = index.
  for (int i = 0; i < (is_pair ? 2 : 1); ++i) {
    seqs[i]->type_ids.assign(seqs[i]->size(), i);
  }
  const auto& pieces = is_pair ? spec_.pair : spec_.single;
  // A sequence used several times is copied, and moved on its last use.
  int remaining[2] = {0, 0};
  for (const TemplatePiece& piece : pieces) {
    if (piece.kind == TemplatePiece::Kind::kSequence) ++remaining[piece.sequence];
  }
  Encoding result;
  for (const TemplatePiece& piece : pieces) {
    if (piece.kind == TemplatePiece::Kind::kSpecialToken) {
      if (add_special_tokens) MergeEncoding(&result, SpecialEncoding(piece));
      continue;
    }
    Encoding* seq = seqs[piece.sequence];
    seq->type_ids.assign(seq->size(), piece.type_id);
    if (--remaining[piece.sequence] == 0) {
      MergeEncoding(&result, std::move(*seq));
    } else {
      MergeEncoding(&result, *seq);
    }
  }
  return result;
}

void MergeEncoding(Encoding* self, Encoding pair) {
  std::vector<Encoding> overflowings;
  // 1. Each of our windows with the pair, then with each of the pair's windows.
  for (const Encoding& self_o : self->overflowing) {
    Encoding n = self_o;
    MergeEncoding(&n, pair);
    overflowings.push_back(std::move(n));
    for (const Encoding& other_o : pair.overflowing) {
      Encoding m = self_o;
      MergeEncoding(&m, other_o);
      overflowings.push_back(std::move(m));
    }
  }
  // 2. Ourself (with our windows) with each of the pair's windows.
  for (const Encoding& other_o : pair.overflowing) {
    Encoding n = *self;
    MergeEncoding(&n, other_o);
    overflowings.push_back(std::move(n));
  }
  AppendAll(std::move(pair.ids), &self->ids);
  AppendAll(std::move(pair.type_ids), &self->type_ids);
  AppendAll(std::move(pair.attention_mask), &self->attention_mask);
  AppendAll(std::move(pair.special_tokens_mask), &self->special_tokens_mask);
  AppendAll(std::move(pair.tokens), &self->tokens);
  AppendAll(std::move(pair.offsets), &self->offsets);
  AppendAll(std::move(pair.byte_offsets), &self->byte_offsets);
  AppendAll(std::move(pair.sequence_ids), &self->sequence_ids);
  AppendAll(std::move(pair.word_ids), &self->word_ids);
  self->overflowing = std::move(overflowings);
}

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
