#include "server/self_check.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "core/base/logging.h"
#include "core/tasks/classification.h"
#include "core/tasks/question_answering.h"

namespace octet::server {
namespace {

const std::vector<std::pair<std::string, std::string>>& ClassificationInputs() {
  static const auto* inputs = new std::vector<std::pair<std::string, std::string>>{
      {"The food was wonderful and the waiter was very friendly.", ""},
      {"I waited an hour and nobody apologized. Terrible service.", ""},
      {"The movie was not bad, but the ending was boring.", ""},
      {"Prices are reasonable.", ""},
      {"A man is playing a guitar on stage.", "Nobody is making any music."},
      {"The weather is nice today.", "It is sunny and warm outside."},
  };
  return *inputs;
}

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

absl::StatusOr<Compared> CompareClassification(const Model& served, const Model& fp32,
                                               int64_t max_tokens, Workspace* ws) {
  EncodeOptions options;
  options.max_length = max_tokens;
  SequenceBatch batch;
  for (const auto& [text, pair] : ClassificationInputs()) {
    auto enc = pair.empty() ? served.tokenizer().Encode(text, options)
                            : served.tokenizer().EncodePair(text, pair, options);
    if (!enc.ok()) return enc.status();
    batch.Add(enc->ids, enc->type_ids);
  }
  Matrix a, b;
  if (absl::Status s = served.Forward(batch, ws, &a); !s.ok()) return s;
  if (absl::Status s = fp32.Forward(batch, ws, &b); !s.ok()) return s;
  Compared out;
  out.inputs = static_cast<int>(batch.num_sequences());
  out.logit_diff = MaxAbsDiff(a, b);
  for (int64_t i = 0; i < batch.num_sequences(); ++i) {
    auto sa = ScoreLabels(a.row(i), served.config(), ScoreFunction::kDefault, 0);
    auto sb = ScoreLabels(b.row(i), served.config(), ScoreFunction::kDefault, 0);
    out.agreeing += sa.front().id == sb.front().id;
    for (const LabelScore& x : sa) {
      for (const LabelScore& y : sb) {
        if (x.id == y.id)
          out.score_diff = std::max(out.score_diff, std::fabs(double{x.score} - y.score));
      }
    }
  }
  return out;
}

absl::StatusOr<Compared> CompareQuestionAnswering(const Model& served, const Model& fp32,
                                                  int64_t max_tokens, Workspace* ws) {
  AnswerOptions options;
  options.max_seq_len = std::min<int64_t>(384, max_tokens);
  options.doc_stride = std::min<int64_t>(options.max_seq_len / 2, 128);
  Compared out;
  for (const auto& [question, context] : QuestionAnsweringInputs()) {
    auto windows = EncodeQuestionContext(served.tokenizer(), question, context, options);
    if (!windows.ok()) return windows.status();
    SequenceBatch batch;
    for (const Encoding& w : *windows) batch.Add(w.ids, w.type_ids);
    Matrix a, b;
    if (absl::Status s = served.Forward(batch, ws, &a); !s.ok()) return s;
    if (absl::Status s = fp32.Forward(batch, ws, &b); !s.ok()) return s;
    out.logit_diff = std::max(out.logit_diff, MaxAbsDiff(a, b));
    std::vector<AnswerSpan> answers[2];
    for (int m = 0; m < 2; ++m) {
      const Matrix& l = m == 0 ? a : b;
      std::vector<WindowLogits> per_window(windows->size());
      for (size_t w = 0; w < windows->size(); ++w) {
        for (int64_t t = batch.starts[w]; t < batch.starts[w + 1]; ++t) {
          per_window[w].start.push_back(l.row(t)[0]);
          per_window[w].end.push_back(l.row(t)[1]);
        }
      }
      answers[m] = DecodeAnswers(*windows, per_window, context, options);
    }
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
  const bool qa = model.config().task == TaskKind::kQuestionAnswering;
  auto compared = qa ? CompareQuestionAnswering(model, **fp32, served.max_tokens, &ws)
                     : CompareClassification(model, **fp32, served.max_tokens, &ws);
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
      "int8 vs FP32 on %d built-in inputs: %d/%d %s agree; max |Δlogit| %.4g, max |Δscore| %.4g",
      result.inputs, result.agreeing, result.inputs, qa ? "best answer spans" : "top labels",
      result.max_abs_logit_diff, result.max_abs_score_diff);
  return result;
}

}  // namespace octet::server
