#include "server/self_check.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "core/base/logging.h"
#include "core/base/status_macros.h"
#include "core/tasks/question_answering.h"
#include "core/tasks/text_classification.h"
#include "core/tasks/token_classification.h"
#include "core/tasks/zero_shot.h"

namespace octet::server {

// Single texts and pairs (premise / hypothesis).
const std::vector<TextInput>& SelfCheckClassificationInputs() {
  static const auto* inputs = new std::vector<TextInput>{
      {"The food was wonderful and the waiter was very friendly.", std::nullopt},
      {"I waited an hour and nobody apologized. Terrible service.", std::nullopt},
      {"The movie was not bad, but the ending was boring.", std::nullopt},
      {"Prices are reasonable.", std::nullopt},
      {"A man is playing a guitar on stage.", "Nobody is making any music."},
      {"The weather is nice today.", "It is sunny and warm outside."},
  };
  return *inputs;
}

namespace {

const std::vector<std::pair<std::string, std::string>>& QuestionAnsweringInputs() {
  static const auto* inputs = new std::vector<std::pair<std::string, std::string>>{
      {"Where is the Eiffel Tower?",
       "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. "
       "It is named after the engineer Gustave Eiffel, whose company designed and built it."},
      {"How many players does each team have?",
       "A soccer match is played by two teams of eleven players each, in two halves of 45 "
       "minutes."},
      {"What color is the sky?",
       "On a clear day the sky looks blue because air scatters blue "
       "light from the sun more than red light."},
  };
  return *inputs;
}

double MaxAbsDiff(const Matrix& a, const Matrix& b) {
  double m = 0;
  for (int64_t r = 0; r < a.rows; ++r) {
    for (int64_t c = 0; c < a.cols; ++c) {
      m = std::max(m, static_cast<double>(std::fabs(a.row(r)[c] - b.row(r)[c])));
    }
  }
  return m;
}

struct Compared {
  int inputs = 0, agreeing = 0;
  double logit_diff = 0, score_diff = 0;
};

// Both models run the pipeline the Classify RPC runs (core/tasks/text_classification.h), with
// truncation on and the request defaults otherwise.
absl::StatusOr<Compared> CompareClassification(const Model& served, const Model& fp32,
                                               int64_t max_tokens, Workspace* ws) {
  TextClassificationOptions options;
  options.max_length = max_tokens;
  EncodedTexts texts;
  for (const TextInput& input : SelfCheckClassificationInputs()) {
    OCTET_RETURN_IF_ERROR(EncodeText(served.tokenizer(), input, options, &texts));
  }
  Matrix a, b;
  OCTET_RETURN_IF_ERROR(served.Forward(texts.sequences, ws, &a));
  OCTET_RETURN_IF_ERROR(fp32.Forward(texts.sequences, ws, &b));
  const auto scores_a = ScoreTexts(a, served.config(), options);
  const auto scores_b = ScoreTexts(b, served.config(), options);
  Compared out;
  out.inputs = static_cast<int>(texts.size());
  out.logit_diff = MaxAbsDiff(a, b);
  for (size_t i = 0; i < scores_a.size(); ++i) {
    out.agreeing += scores_a[i].front().id == scores_b[i].front().id;
    for (const LabelScore& x : scores_a[i]) {
      for (const LabelScore& y : scores_b[i]) {
        if (x.id == y.id)
          out.score_diff = std::max(out.score_diff, std::fabs(double{x.score} - y.score));
      }
    }
  }
  return out;
}

// Both models run the pipeline the Answer RPC runs (core/tasks/question_answering.h), with the
// request defaults.
absl::StatusOr<Compared> CompareQuestionAnswering(const Model& served, const Model& fp32,
                                                  int64_t max_tokens, Workspace* ws) {
  const AnswerOptions options = DefaultAnswerOptions(max_tokens);
  Compared out;
  for (const auto& [question, context] : QuestionAnsweringInputs()) {
    OCTET_ASSIGN_OR_RETURN(const std::vector<Encoding> windows,
                           EncodeQuestionContext(served.tokenizer(), question, context, options));
    SequenceBatch batch;
    AddWindows(windows, &batch);
    Matrix a, b;
    OCTET_RETURN_IF_ERROR(served.Forward(batch, ws, &a));
    OCTET_RETURN_IF_ERROR(fp32.Forward(batch, ws, &b));
    out.logit_diff = std::max(out.logit_diff, MaxAbsDiff(a, b));
    const std::vector<AnswerSpan> answers[2] = {
        DecodeAnswers(windows, SplitWindowLogits(windows, a), context, options),
        DecodeAnswers(windows, SplitWindowLogits(windows, b), context, options)};
    ++out.inputs;
    if (!answers[0].empty() && !answers[1].empty()) {
      out.agreeing +=
          answers[0][0].start == answers[1][0].start && answers[0][0].end == answers[1][0].end;
      out.score_diff =
          std::max(out.score_diff, std::fabs(answers[0][0].score - answers[1][0].score));
    }
  }
  return out;
}

const std::vector<std::string>& TokenClassificationInputs() {
  static const auto* inputs = new std::vector<std::string>{
      "John Smith flew from Paris to New York to meet engineers at the United Nations.",
      "Angela Merkel and Emmanuel Macron met in Berlin on Monday.",
      "Microsoft opened an office near the river in Zürich last year.",
  };
  return *inputs;
}

// Both models run the pipeline the TagTokens RPC runs (core/tasks/token_classification.h) with
// aggregation simple; an input agrees when both find the same entities (labels and spans).
absl::StatusOr<Compared> CompareTokenClassification(const Model& served, const Model& fp32,
                                                    int64_t max_tokens, Workspace* ws) {
  TokenClassificationOptions options;
  options.aggregation = Aggregation::kSimple;
  options.max_length = max_tokens;
  options.stride = max_tokens / 4;
  Compared out;
  for (const std::string& text : TokenClassificationInputs()) {
    OCTET_ASSIGN_OR_RETURN(const std::vector<Encoding> windows,
                           EncodeForTagging(served.tokenizer(), text, options));
    SequenceBatch batch;
    for (const Encoding& w : windows) batch.Add(w.ids, w.type_ids);
    Matrix a, b;
    OCTET_RETURN_IF_ERROR(served.Forward(batch, ws, &a));
    OCTET_RETURN_IF_ERROR(fp32.Forward(batch, ws, &b));
    out.logit_diff = std::max(out.logit_diff, MaxAbsDiff(a, b));
    const auto& labels = served.config().labels;
    const auto ea = DecodeEntities(served.tokenizer(), windows, a, 0, text, labels, options);
    const auto eb = DecodeEntities(served.tokenizer(), windows, b, 0, text, labels, options);
    ++out.inputs;
    bool same = ea.size() == eb.size();
    for (size_t i = 0; same && i < ea.size(); ++i) {
      same = ea[i].label == eb[i].label && ea[i].start == eb[i].start && ea[i].end == eb[i].end;
      if (same) out.score_diff = std::max(out.score_diff, std::fabs(ea[i].score - eb[i].score));
    }
    out.agreeing += same;
  }
  return out;
}

// An NLI model (a label starting with "entail") also runs the ZeroShotClassify pipeline
// (core/tasks/zero_shot.h) on one text and five labels: it agrees when the top label is the same.
absl::StatusOr<Compared> CompareZeroShot(const Model& served, const Model& fp32, int64_t max_tokens,
                                         int64_t entailment_id, Workspace* ws) {
  const std::vector<std::string> labels = {"sports", "politics", "food", "music", "weather"};
  ZeroShotOptions options;
  options.max_length = max_tokens;
  SequenceBatch batch;
  bool truncated = false;
  OCTET_RETURN_IF_ERROR(EncodeZeroShot(served.tokenizer(),
                                       "The team scored twice in the last minutes and won the "
                                       "match.",
                                       labels, options, &batch, &truncated));
  Matrix a, b;
  OCTET_RETURN_IF_ERROR(served.Forward(batch, ws, &a));
  OCTET_RETURN_IF_ERROR(fp32.Forward(batch, ws, &b));
  const auto sa = ScoreZeroShot(a, 0, labels, entailment_id, false);
  const auto sb = ScoreZeroShot(b, 0, labels, entailment_id, false);
  Compared out;
  out.inputs = 1;
  out.agreeing = sa.front().id == sb.front().id;
  out.logit_diff = MaxAbsDiff(a, b);
  out.score_diff = std::fabs(double{sa.front().score} - sb.front().score);
  return out;
}

}  // namespace

absl::StatusOr<SelfCheckResult> RunSelfCheck(const ServedModel& served, int threads) {
  SelfCheckResult result;
  const Model& model = *served.model;
  if (model.precision().base == Precision::kFp32) {
    result.summary = "not run: the model is served in FP32";
    return result;
  }
  const absl::Time begin = absl::Now();
  LoadOptions fp32_options;
  fp32_options.precision.base = Precision::kFp32;
  auto fp32 = Model::Load(model.dir(), fp32_options);
  if (!fp32.ok()) {
    result.summary =
        absl::StrFormat("not run: loading the FP32 copy failed: %s", fp32.status().message());
    LogWarning("model '%s': self-check %s", served.name, result.summary);
    return result;
  }
  Workspace ws(threads);
  const TaskKind task = model.config().task;
  const bool qa = task == TaskKind::kQuestionAnswering;
  const bool tc = task == TaskKind::kTokenClassification;
  auto compared = qa   ? CompareQuestionAnswering(model, **fp32, served.max_tokens, &ws)
                  : tc ? CompareTokenClassification(model, **fp32, served.max_tokens, &ws)
                       : CompareClassification(model, **fp32, served.max_tokens, &ws);
  std::string also;
  if (auto entailment = EntailmentId(model.config());
      compared.ok() && !qa && !tc && entailment.ok()) {
    auto zero_shot = CompareZeroShot(model, **fp32, served.max_tokens, *entailment, &ws);
    if (!zero_shot.ok()) {
      compared = zero_shot.status();
    } else {
      compared->inputs += zero_shot->inputs;
      compared->agreeing += zero_shot->agreeing;
      compared->logit_diff = std::max(compared->logit_diff, zero_shot->logit_diff);
      compared->score_diff = std::max(compared->score_diff, zero_shot->score_diff);
      also = " (one of them zero-shot with 5 labels)";
    }
  }
  if (!compared.ok()) {
    return absl::Status(
        compared.status().code(),
        absl::StrFormat("model '%s': self-check: %s", served.name, compared.status().message()));
  }
  result.ran = true;
  result.inputs = compared->inputs;
  result.agreeing = compared->agreeing;
  result.max_abs_logit_diff = compared->logit_diff;
  result.max_abs_score_diff = compared->score_diff;
  result.seconds = absl::ToDoubleSeconds(absl::Now() - begin);
  result.summary = absl::StrFormat(
      "int8 vs FP32 on %d built-in inputs%s: %d/%d %s agree; max |Δlogit| %.4g, max |Δscore| "
      "%.4g",
      result.inputs, also, result.agreeing, result.inputs,
      qa   ? "best answer spans"
      : tc ? "entity lists"
           : "top labels",
      result.max_abs_logit_diff, result.max_abs_score_diff);
  return result;
}

}  // namespace octet::server
