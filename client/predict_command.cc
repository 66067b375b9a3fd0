#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/args.h"
#include "client/commands.h"
#include "core/models/model.h"
#include "core/tasks/classification.h"
#include "core/tasks/question_answering.h"
#include "nlohmann/json.hpp"

namespace octet::cli {
namespace {

int64_t MaxTokens(const Model& model) {
  return std::min(model.tokenizer().model_max_length(), model.config().max_position_embeddings);
}

int Classify(const Model& model, const std::vector<std::string>& texts, bool json) {
  EncodeOptions options;
  options.max_length = MaxTokens(model);
  options.truncation = Truncation::kLongestFirst;
  SequenceBatch batch;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto enc = model.tokenizer().Encode(texts[i], options);
    if (!enc.ok()) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat("text ", i, ": ", enc.status().message())));
    }
    batch.Add(enc->ids, enc->type_ids);
  }
  Workspace ws;
  Matrix logits;
  if (absl::Status s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
  for (size_t i = 0; i < texts.size(); ++i) {
    const float* row = logits.row(static_cast<int64_t>(i));
    auto labels = ScoreLabels(row, model.config(), ScoreFunction::kDefault, 0);
    if (json) {
      nlohmann::json out = {{"text", texts[i]},
                            {"logits", std::vector<float>(row, row + logits.cols)},
                            {"labels", nlohmann::json::array()}};
      for (const auto& l : labels)
        out["labels"].push_back({{"label", l.label}, {"score", l.score}});
      std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      std::cout << texts[i] << "\n";
      for (const auto& l : labels) std::cout << absl::StrFormat("  %-20s %.4f\n", l.label, l.score);
    }
  }
  return 0;
}

int Answer(const Model& model, const std::string& question, const std::string& context,
           int64_t top_k, bool json) {
  AnswerOptions options;
  options.top_k = top_k;
  options.max_seq_len = std::min<int64_t>(384, MaxTokens(model));
  options.doc_stride = std::min<int64_t>(options.max_seq_len / 2, 128);
  auto windows = EncodeQuestionContext(model.tokenizer(), question, context, options);
  if (!windows.ok()) return Fail(windows.status());
  SequenceBatch batch;
  for (const Encoding& w : *windows) batch.Add(w.ids, w.type_ids);
  Workspace ws;
  Matrix logits;
  if (absl::Status s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
  std::vector<WindowLogits> per_window(windows->size());
  for (size_t w = 0; w < windows->size(); ++w) {
    for (int64_t t = batch.starts[w]; t < batch.starts[w + 1]; ++t) {
      per_window[w].start.push_back(logits.row(t)[0]);
      per_window[w].end.push_back(logits.row(t)[1]);
    }
  }
  auto answers = DecodeAnswers(*windows, per_window, context, options);
  if (json) {
    nlohmann::json out = {{"answers", nlohmann::json::array()},
                          {"start_logits", nlohmann::json::array()},
                          {"end_logits", nlohmann::json::array()}};
    for (const auto& a : answers) {
      out["answers"].push_back(
          {{"answer", a.text}, {"start", a.start}, {"end", a.end}, {"score", a.score}});
    }
    for (const auto& w : per_window) {
      out["start_logits"].push_back(w.start);
      out["end_logits"].push_back(w.end);
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& a : answers) {
      std::cout << absl::StrFormat("%s  (score %.4f, characters %d-%d)\n",
                                   a.text.empty() ? "<no answer>" : a.text, a.score, a.start,
                                   a.end);
    }
  }
  return 0;
}

}  // namespace

int PredictCommand(int argc, char** argv) {
  auto args =
      ParseArgs(argc, argv, 0, {"model", "question", "context", "top-k", "precision"}, {"json"});
  if (!args.ok()) return Fail(args.status(), 2);
  auto dir = args->Get("model");
  if (!dir) return Fail(absl::InvalidArgumentError("predict needs --model DIR"), 2);
  auto top_k = args->GetInt("top-k", 1);
  if (!top_k.ok()) return Fail(top_k.status(), 2);
  LoadOptions load;
  const std::string precision = args->Get("precision").value_or("int8");
  if (precision == "fp32") {
    load.precision.base = Precision::kFp32;
  } else if (precision == "int8") {
    load.precision.base = Precision::kInt8;
  } else {
    return Fail(absl::InvalidArgumentError(
                    absl::StrCat("--precision expects int8 or fp32, got '", precision, "'")),
                2);
  }
  load.progress = LoadProgressPrinter();
  auto model = Model::Load(*dir, load);
  if (!model.ok()) return Fail(model.status());
  const bool json = args->Has("json");
  if ((*model)->config().task == TaskKind::kQuestionAnswering) {
    auto q = args->Get("question");
    auto c = args->Get("context");
    if (!q || !c || !args->positional.empty()) {
      return Fail(absl::InvalidArgumentError(
                      "this is a question-answering model: use --question Q --context C"),
                  2);
    }
    if (*top_k < 1) return Fail(absl::InvalidArgumentError("--top-k must be at least 1"), 2);
    return Answer(**model, *q, *c, *top_k, json);
  }
  if (args->Get("question") || args->Get("context")) {
    return Fail(absl::InvalidArgumentError(
                    "this is a classification model: pass texts, not --question/--context"),
                2);
  }
  if (args->positional.empty()) {
    return Fail(absl::InvalidArgumentError("predict needs at least one TEXT"), 2);
  }
  return Classify(**model, args->positional, json);
}

}  // namespace octet::cli
