#include "core/tasks/question_answering.h"

#include <algorithm>
#include <cmath>

#include "core/base/unicode_util.h"

namespace octet {
namespace {

struct Candidate {
  int64_t start_token;
  int64_t end_token;
  float score;
};

// The pipeline's value for tokens that may not be part of an answer.
constexpr float kMaskedLogit = -10000.f;

std::vector<float> Softmax(std::vector<float> x) {
  const float max_v = *std::max_element(x.begin(), x.end());
  float sum = 0;
  for (float& v : x) sum += (v = std::exp(v - max_v));
  for (float& v : x) v /= sum;
  return x;
}

// The character span of the word that token `t` belongs to, within this window.
void WordSpan(const Encoding& enc, int64_t t, bool chars, int64_t* begin, int64_t* end) {
  const auto& offsets = chars ? enc.offsets : enc.byte_offsets;
  *begin = offsets[t][0];
  *end = offsets[t][1];
  const int32_t word = enc.word_ids[t];
  for (size_t i = 0; i < enc.size(); ++i) {
    if (enc.sequence_ids[i] != 1 || enc.word_ids[i] != word) continue;
    *begin = std::min(*begin, offsets[i][0]);
    *end = std::max(*end, offsets[i][1]);
  }
}

// Python's str.lower(), used by the pipeline to merge equal answers. The context is valid
// UTF-8 (it was tokenized), so decoding cannot fail here.
std::string Lower(std::string_view s) {
  unicode::DecodedText decoded;
  if (!unicode::DecodeUtf8(s, &decoded).ok()) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (char32_t c : decoded.chars) {
    char32_t lower[2];
    const int n = unicode::ToLower(c, lower);
    for (int i = 0; i < n; ++i) unicode::AppendUtf8(lower[i], &out);
  }
  return out;
}

}  // namespace

AnswerOptions DefaultAnswerOptions(int64_t max_tokens) {
  AnswerOptions options;
  options.max_seq_len = std::min<int64_t>(384, max_tokens);
  options.doc_stride = DefaultDocStride(options.max_seq_len);
  return options;
}

int64_t DefaultDocStride(int64_t max_seq_len) { return std::min<int64_t>(max_seq_len / 2, 128); }

absl::StatusOr<std::vector<Encoding>> EncodeQuestionContext(const Tokenizer& tokenizer,
                                                            std::string_view question,
                                                            std::string_view context,
                                                            const AnswerOptions& options) {
  EncodeOptions enc;
  enc.max_length = options.max_seq_len;
  enc.truncation = Truncation::kOnlySecond;
  enc.stride = options.doc_stride;
  enc.return_overflowing = true;
  auto first = tokenizer.EncodePair(question, context, enc);
  if (!first.ok()) return first.status();
  std::vector<Encoding> windows;
  std::vector<Encoding> rest = std::move(first->overflowing);
  first->overflowing.clear();
  windows.push_back(*std::move(first));
  for (Encoding& w : rest) windows.push_back(std::move(w));
  return windows;
}

void AddWindows(const std::vector<Encoding>& windows, SequenceBatch* out) {
  for (const Encoding& w : windows) out->Add(w.ids, w.type_ids);
}

std::vector<WindowLogits> SplitWindowLogits(const std::vector<Encoding>& windows,
                                            const Matrix& logits, int64_t first_row) {
  std::vector<WindowLogits> out(windows.size());
  int64_t row = first_row;
  for (size_t w = 0; w < windows.size(); ++w) {
    const auto tokens = static_cast<size_t>(windows[w].size());
    out[w].start.reserve(tokens);
    out[w].end.reserve(tokens);
    // Column 0 is the start logit of the row's token, column 1 its end logit.
    for (size_t t = 0; t < tokens; ++t, ++row) {
      out[w].start.push_back(logits.row(row)[0]);
      out[w].end.push_back(logits.row(row)[1]);
    }
  }
  return out;
}

std::vector<AnswerSpan> DecodeAnswers(const std::vector<Encoding>& windows,
                                      const std::vector<WindowLogits>& logits,
                                      std::string_view context, const AnswerOptions& options) {
  std::vector<AnswerSpan> answers;
  double min_null_score = 1000000.0;
  for (size_t w = 0; w < windows.size(); ++w) {
    const Encoding& enc = windows[w];
    const auto n = static_cast<int64_t>(enc.size());
    // Context tokens and [CLS] (index 0) are allowed; everything else is masked.
    std::vector<bool> allowed(n);
    for (int64_t t = 0; t < n; ++t) {
      allowed[t] = enc.sequence_ids[t] == 1 || t == 0;
      if (!enc.attention_mask.empty() && enc.attention_mask[t] == 0) allowed[t] = false;
    }
    std::vector<float> start = logits[w].start, end = logits[w].end;
    for (int64_t t = 0; t < n; ++t) {
      if (!allowed[t]) start[t] = end[t] = kMaskedLogit;
    }
    start = Softmax(std::move(start));
    end = Softmax(std::move(end));
    if (options.handle_impossible_answer) {
      min_null_score = std::min(min_null_score, static_cast<double>(start[0] * end[0]));
    }
    start[0] = end[0] = 0.f;
    // Every span inside the context with start ≤ end < start + max_answer_len, best first.
    std::vector<Candidate> spans;
    for (int64_t i = 1; i < n; ++i) {
      if (enc.sequence_ids[i] != 1) continue;
      const int64_t last = std::min(n - 1, i + options.max_answer_len - 1);
      for (int64_t j = i; j <= last; ++j) {
        if (enc.sequence_ids[j] != 1) continue;
        spans.push_back({i, j, start[i] * end[j]});
      }
    }
    const auto keep = std::min<size_t>(spans.size(), static_cast<size_t>(options.top_k));
    std::partial_sort(spans.begin(), spans.begin() + keep, spans.end(),
                      [](const Candidate& a, const Candidate& b) {
                        if (a.score != b.score) return a.score > b.score;
                        return a.start_token != b.start_token ? a.start_token < b.start_token
                                                              : a.end_token < b.end_token;
                      });
    for (size_t k = 0; k < keep; ++k) {
      const Candidate& c = spans[k];
      AnswerSpan a;
      if (options.align_to_words) {
        int64_t unused;
        WordSpan(enc, c.start_token, true, &a.start, &unused);
        WordSpan(enc, c.end_token, true, &unused, &a.end);
        WordSpan(enc, c.start_token, false, &a.byte_start, &unused);
        WordSpan(enc, c.end_token, false, &unused, &a.byte_end);
      } else {
        a.start = enc.offsets[c.start_token][0];
        a.end = enc.offsets[c.end_token][1];
        a.byte_start = enc.byte_offsets[c.start_token][0];
        a.byte_end = enc.byte_offsets[c.end_token][1];
      }
      a.text = std::string(context.substr(a.byte_start, a.byte_end - a.byte_start));
      a.score = c.score;
      // Equal answers (case-insensitively) from several windows add up.
      auto same = std::find_if(answers.begin(), answers.end(),
                               [&](const AnswerSpan& x) { return Lower(x.text) == Lower(a.text); });
      if (same != answers.end()) {
        same->score += a.score;
      } else {
        answers.push_back(std::move(a));
      }
    }
  }
  if (options.handle_impossible_answer) {
    AnswerSpan null_answer;
    null_answer.score = min_null_score;
    answers.push_back(null_answer);
  }
  std::stable_sort(answers.begin(), answers.end(),
                   [](const AnswerSpan& a, const AnswerSpan& b) { return a.score > b.score; });
  if (answers.size() > static_cast<size_t>(options.top_k)) answers.resize(options.top_k);
  return answers;
}

}  // namespace octet
