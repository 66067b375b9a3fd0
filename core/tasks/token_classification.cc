#include "core/tasks/token_classification.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tasks/token_string.h"

namespace octet {
namespace {

// One token before aggregation (the pipeline's "pre-entity").
struct PreEntity {
  std::string word;
  std::vector<float> scores;  // softmax over the labels
  int64_t start, end, byte_start, byte_end;
  int64_t index;
  bool is_subword;
};

// softmax in float32, as the pipeline's numpy does it.
std::vector<float> Softmax(const float* logits, int64_t n) {
  const float max_v = *std::max_element(logits, logits + n);
  std::vector<float> out(logits, logits + n);
  float sum = 0;
  for (float& v : out) sum += (v = std::exp(v - max_v));
  for (float& v : out) v /= sum;
  return out;
}

int64_t ArgMax(const std::vector<float>& v) {
  return std::max_element(v.begin(), v.end()) - v.begin();  // first of equal maxima
}

int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::vector<PreEntity> GatherPreEntities(const Tokenizer& tokenizer, const Encoding& enc,
                                         const float* const* rows, int64_t num_labels,
                                         const std::u32string_view chars, std::string_view text,
                                         bool by_length) {
  std::vector<PreEntity> out;
  for (size_t t = 0; t < enc.size(); ++t) {
    if (!enc.special_tokens_mask.empty() && enc.special_tokens_mask[t] != 0) continue;
    if (enc.sequence_ids[t] < 0) continue;
    PreEntity p;
    p.word = enc.tokens[t];
    p.scores = Softmax(rows[t], num_labels);
    p.start = enc.offsets[t][0];
    p.end = enc.offsets[t][1];
    p.byte_start = enc.byte_offsets[t][0];
    p.byte_end = enc.byte_offsets[t][1];
    p.index = static_cast<int64_t>(t);
    if (by_length) {
      p.is_subword = CodePoints(p.word) != p.end - p.start;
    } else {
      // sentence[start - 1 : start + 1] holds no space.
      const auto s = static_cast<size_t>(p.start);
      p.is_subword = p.start > 0 && chars[s - 1] != U' ' && (s >= chars.size() || chars[s] != U' ');
    }
    if (enc.ids[t] == tokenizer.unk_id()) {
      p.word = std::string(text.substr(p.byte_start, p.byte_end - p.byte_start));
      p.is_subword = false;
    }
    out.push_back(std::move(p));
  }
  return out;
}

TokenEntity Tag(const PreEntity& p, const std::vector<std::string>& labels) {
  const int64_t best = ArgMax(p.scores);
  return {labels[best], p.scores[best], p.word, p.start, p.end, p.byte_start, p.byte_end, p.index};
}

// aggregate_word: the tokens of one word → one tagged word.
TokenEntity AggregateWord(const std::vector<const PreEntity*>& tokens,
                          const std::vector<std::string>& labels, Aggregation aggregation,
                          TokenDecoder decoder) {
  std::vector<std::string> pieces;
  pieces.reserve(tokens.size());
  for (const PreEntity* p : tokens) pieces.push_back(p->word);
  std::vector<float> scores;
  if (aggregation == Aggregation::kFirst) {
    scores = tokens.front()->scores;
  } else if (aggregation == Aggregation::kMax) {
    const PreEntity* best = tokens.front();
    float best_max = *std::max_element(best->scores.begin(), best->scores.end());
    for (const PreEntity* p : tokens) {
      const float m = *std::max_element(p->scores.begin(), p->scores.end());
      if (m > best_max) best = p, best_max = m;
    }
    scores = best->scores;
  } else {  // average
    scores.assign(tokens.front()->scores.size(), 0.f);
    for (const PreEntity* p : tokens) {
      for (size_t l = 0; l < scores.size(); ++l) scores[l] += p->scores[l];
    }
    for (float& s : scores) s /= static_cast<float>(tokens.size());
  }
  const int64_t best = ArgMax(scores);
  const PreEntity& first = *tokens.front();
  const PreEntity& last = *tokens.back();
  return {labels[best],
          scores[best],
          TokensToString(pieces, decoder),
          first.start,
          last.end,
          first.byte_start,
          last.byte_end,
          -1};
}

// get_tag: "B-PER" → (B, PER); "I-PER" → (I, PER); anything else → (I, itself).
std::pair<char, std::string_view> SplitTag(std::string_view label) {
  if (label.size() >= 2 && (label[0] == 'B' || label[0] == 'I') && label[1] == '-') {
    return {label[0], label.substr(2)};
  }
  return {'I', label};
}

// group_sub_entities: consecutive tagged tokens/words of one entity.
TokenEntity GroupOf(const std::vector<TokenEntity>& parts, TokenDecoder decoder) {
  const std::string& label = parts.front().label;
  const size_t dash = label.find('-');
  TokenEntity g;
  g.label = dash == std::string::npos ? label : label.substr(dash + 1);
  std::vector<std::string> words;
  double sum = 0;
  for (const TokenEntity& e : parts) {
    sum += e.score;
    words.push_back(e.word);
  }
  g.score = sum / static_cast<double>(parts.size());
  g.word = TokensToString(words, decoder);
  g.start = parts.front().start;
  g.byte_start = parts.front().byte_start;
  g.end = parts.back().end;
  g.byte_end = parts.back().byte_end;
  return g;
}

std::vector<TokenEntity> GroupEntities(const std::vector<TokenEntity>& tagged,
                                       TokenDecoder decoder) {
  std::vector<TokenEntity> groups, current;
  for (const TokenEntity& e : tagged) {
    if (current.empty()) {
      current.push_back(e);
      continue;
    }
    const auto [bi, tag] = SplitTag(e.label);
    const auto [last_bi, last_tag] = SplitTag(current.back().label);
    (void)last_bi;
    if (tag == last_tag && bi != 'B') {
      current.push_back(e);
    } else {
      groups.push_back(GroupOf(current, decoder));
      current = {e};
    }
  }
  if (!current.empty()) groups.push_back(GroupOf(current, decoder));
  return groups;
}

std::vector<TokenEntity> Aggregate(const std::vector<PreEntity>& pre,
                                   const std::vector<std::string>& labels, Aggregation aggregation,
                                   TokenDecoder decoder) {
  std::vector<TokenEntity> tagged;
  if (aggregation == Aggregation::kNone || aggregation == Aggregation::kSimple) {
    for (const PreEntity& p : pre) tagged.push_back(Tag(p, labels));
    if (aggregation == Aggregation::kNone) return tagged;
  } else {
    std::vector<const PreEntity*> word;
    for (const PreEntity& p : pre) {
      if (!word.empty() && !p.is_subword) {
        tagged.push_back(AggregateWord(word, labels, aggregation, decoder));
        word.clear();
      }
      word.push_back(&p);
    }
    if (!word.empty()) tagged.push_back(AggregateWord(word, labels, aggregation, decoder));
  }
  return GroupEntities(tagged, decoder);
}

// aggregate_overlapping_entities: sorted by start; of entities that overlap, the longer one
// (then the higher score) stays.
std::vector<TokenEntity> MergeOverlapping(std::vector<TokenEntity> entities) {
  if (entities.empty()) return entities;
  std::stable_sort(entities.begin(), entities.end(),
                   [](const TokenEntity& a, const TokenEntity& b) { return a.start < b.start; });
  std::vector<TokenEntity> out;
  TokenEntity previous = entities.front();
  for (const TokenEntity& e : entities) {
    if (previous.start <= e.start && e.start < previous.end) {
      const int64_t length = e.end - e.start, previous_length = previous.end - previous.start;
      if (length > previous_length || (length == previous_length && e.score > previous.score)) {
        previous = e;
      }
    } else {
      out.push_back(previous);
      previous = e;
    }
  }
  out.push_back(previous);
  return out;
}

}  // namespace

const char* AggregationName(Aggregation aggregation) {
  switch (aggregation) {
    case Aggregation::kNone:
      return "none";
    case Aggregation::kSimple:
      return "simple";
    case Aggregation::kFirst:
      return "first";
    case Aggregation::kAverage:
      return "average";
    case Aggregation::kMax:
      return "max";
  }
  return "unknown";
}

absl::StatusOr<std::vector<Encoding>> EncodeForTagging(const Tokenizer& tokenizer,
                                                       std::string_view text,
                                                       const TokenClassificationOptions& options) {
  if (!options.stride) {
    OCTET_ASSIGN_OR_RETURN(Encoding enc, tokenizer.Encode(text, {}));
    if (static_cast<int64_t>(enc.size()) > options.max_length) {
      return absl::OutOfRangeError(absl::StrFormat(
          "%d tokens, expected at most %d (the model's limit)", enc.size(), options.max_length));
    }
    std::vector<Encoding> one;
    one.push_back(std::move(enc));
    return one;
  }
  if (options.aggregation == Aggregation::kNone) {
    return absl::InvalidArgumentError(
        "stride is not supported with aggregation none (the pipeline's rule): choose simple, "
        "first, average or max");
  }
  EncodeOptions enc;
  enc.max_length = options.max_length;
  enc.truncation = Truncation::kLongestFirst;
  enc.stride = *options.stride;
  enc.return_overflowing = true;
  OCTET_ASSIGN_OR_RETURN(Encoding first, tokenizer.Encode(text, enc));
  std::vector<Encoding> windows;
  std::vector<Encoding> rest = std::move(first.overflowing);
  first.overflowing.clear();
  windows.push_back(std::move(first));
  for (Encoding& w : rest) windows.push_back(std::move(w));
  return windows;
}

std::vector<TokenEntity> DecodeEntities(const Tokenizer& tokenizer,
                                        const std::vector<Encoding>& windows, const Matrix& logits,
                                        int64_t first_row, std::string_view text,
                                        const std::vector<std::string>& labels,
                                        const TokenClassificationOptions& options) {
  unicode::DecodedText decoded;
  unicode::DecodeUtf8(text, &decoded).IgnoreError();  // valid: it was tokenized
  const std::u32string chars(decoded.chars.begin(), decoded.chars.end());
  const TokenDecoder decoder = DecoderOf(tokenizer);
  const bool by_length = HasContinuingSubwordPrefix(tokenizer);
  const auto num_labels = static_cast<int64_t>(labels.size());
  std::vector<TokenEntity> all;
  int64_t row = first_row;
  for (const Encoding& enc : windows) {
    std::vector<const float*> rows;
    for (size_t t = 0; t < enc.size(); ++t) rows.push_back(logits.row(row++));
    const std::vector<PreEntity> pre =
        GatherPreEntities(tokenizer, enc, rows.data(), num_labels, chars, text, by_length);
    for (TokenEntity& e : Aggregate(pre, labels, options.aggregation, decoder)) {
      if (std::find(options.ignore_labels.begin(), options.ignore_labels.end(), e.label) ==
          options.ignore_labels.end()) {
        all.push_back(std::move(e));
      }
    }
  }
  return windows.size() > 1 ? MergeOverlapping(std::move(all)) : all;
}

}  // namespace octet
