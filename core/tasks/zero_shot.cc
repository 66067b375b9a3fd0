#include "core/tasks/zero_shot.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/base/status_macros.h"

namespace octet {

absl::StatusOr<int64_t> EntailmentId(const ModelConfig& config) {
  for (size_t i = 0; i < config.labels.size(); ++i) {
    if (absl::StartsWithIgnoreCase(config.labels[i], "entail")) return static_cast<int64_t>(i);
  }
  return absl::FailedPreconditionError(absl::StrFormat(
      "zero-shot classification needs an NLI model with a label starting with \"entail\" "
      "(config.json id2label / label2id); this model's labels are [%s]",
      absl::StrJoin(config.labels, ", ")));
}

int64_t ContradictionId(int64_t entailment_id, int64_t num_labels) {
  return entailment_id == 0 ? num_labels - 1 : 0;
}

absl::StatusOr<std::string> Hypothesis(std::string_view hypothesis_template,
                                       std::string_view label) {
  const size_t at = hypothesis_template.find("{}");
  if (at == std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "hypothesis_template: expected \"{}\" where the label goes (e.g. \"%s\"), got \"%s\"",
        kDefaultHypothesisTemplate, hypothesis_template.substr(0, 200)));
  }
  std::string out(hypothesis_template.substr(0, at));
  out += label;
  out += hypothesis_template.substr(at + 2);
  return out;
}

absl::Status EncodeZeroShot(const Tokenizer& tokenizer, std::string_view text,
                            const std::vector<std::string>& labels, const ZeroShotOptions& options,
                            SequenceBatch* out, bool* truncated) {
  EncodeOptions cut;
  cut.max_length = options.max_length;
  cut.truncation = Truncation::kOnlyFirst;
  std::vector<Encoding> encodings;
  *truncated = false;
  for (const std::string& label : labels) {
    OCTET_ASSIGN_OR_RETURN(const std::string hypothesis,
                           Hypothesis(options.hypothesis_template, label));
    OCTET_ASSIGN_OR_RETURN(Encoding enc, tokenizer.EncodePair(text, hypothesis, cut));
    if (static_cast<int64_t>(enc.size()) >= options.max_length && !*truncated) {
      // Only a pair at the limit may have lost tokens.
      auto whole = tokenizer.EncodePair(text, hypothesis, {});
      *truncated = whole.ok() && static_cast<int64_t>(whole->size()) > options.max_length;
    }
    encodings.push_back(std::move(enc));
  }
  for (const Encoding& e : encodings) out->Add(e.ids, e.type_ids);
  return absl::OkStatus();
}

std::vector<LabelScore> ScoreZeroShot(const Matrix& logits, int64_t first_row,
                                      const std::vector<std::string>& labels, int64_t entailment_id,
                                      bool multi_label) {
  const auto n = static_cast<int64_t>(labels.size());
  std::vector<float> scores(n);
  if (multi_label || n == 1) {
    const int64_t contradiction = ContradictionId(entailment_id, logits.cols);
    for (int64_t i = 0; i < n; ++i) {
      const float* row = logits.row(first_row + i);
      // softmax over (contradiction, entailment), entailment's share.
      scores[i] = 1.f / (1.f + std::exp(row[contradiction] - row[entailment_id]));
    }
  } else {
    float max_v = -INFINITY;
    for (int64_t i = 0; i < n; ++i)
      max_v = std::max(max_v, logits.row(first_row + i)[entailment_id]);
    float sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      sum += (scores[i] = std::exp(logits.row(first_row + i)[entailment_id] - max_v));
    }
    for (float& s : scores) s /= sum;
  }
  std::vector<LabelScore> out;
  for (int64_t i = n - 1; i >= 0; --i) {
    out.push_back({labels[i], static_cast<int32_t>(i), scores[i]});
  }
  // From the last label backwards, stable: equal scores keep the later label first.
  std::stable_sort(out.begin(), out.end(),
                   [](const LabelScore& a, const LabelScore& b) { return a.score > b.score; });
  return out;
}

}  // namespace octet
