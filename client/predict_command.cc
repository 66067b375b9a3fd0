#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/args.h"
#include "client/commands.h"
#include "core/models/model.h"
#include "core/tasks/question_answering.h"
#include "core/tasks/text_classification.h"
#include "core/tasks/token_classification.h"
#include "core/tasks/token_limit.h"
#include "nlohmann/json.hpp"

namespace octet::cli {
namespace {

int Classify(const Model& model, const std::vector<std::string>& texts, bool json) {
  TextClassificationOptions options;
  options.max_length = MaxTokens(model);
  EncodedTexts encoded;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (absl::Status s = EncodeText(model.tokenizer(), {texts[i], std::nullopt}, options, &encoded);
        !s.ok()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat("text ", i, ": ", s.message())));
    }
  }
  Workspace ws;
  Matrix logits;
  if (absl::Status s = model.Forward(encoded.sequences, &ws, &logits); !s.ok()) return Fail(s);
  const std::vector<std::vector<LabelScore>> scores = ScoreTexts(logits, model.config(), options);
  for (size_t i = 0; i < texts.size(); ++i) {
    const float* row = logits.row(static_cast<int64_t>(i));
    if (json) {
      nlohmann::json out = {{"text", texts[i]},
                            {"logits", std::vector<float>(row, row + logits.cols)},
                            {"labels", nlohmann::json::array()}};
      for (const auto& l : scores[i])
        out["labels"].push_back({{"label", l.label}, {"score", l.score}});
      std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      std::cout << texts[i] << "\n";
      for (const auto& l : scores[i])
        std::cout << absl::StrFormat("  %-20s %.4f\n", l.label, l.score);
    }
  }
  return 0;
}

// Token classification with aggregation simple, "O" ignored, windows of the model's limit with
// the stride of a quarter of it for longer texts.
int Tag(const Model& model, const std::vector<std::string>& texts, bool json) {
  TokenClassificationOptions options;
  options.aggregation = Aggregation::kSimple;
  options.max_length = MaxTokens(model);
  options.stride = options.max_length / 4;
  Workspace ws;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto windows = EncodeForTagging(model.tokenizer(), texts[i], options);
    if (!windows.ok()) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat("text ", i, ": ", windows.status().message())));
    }
    SequenceBatch batch;
    for (const Encoding& w : *windows) batch.Add(w.ids, w.type_ids);
    Matrix logits;
    if (absl::Status s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
    const auto entities = DecodeEntities(model.tokenizer(), *windows, logits, 0, texts[i],
                                         model.config().labels, options);
    if (json) {
      nlohmann::json out = {{"text", texts[i]}, {"entities", nlohmann::json::array()}};
      for (const auto& e : entities) {
        out["entities"].push_back({{"entity_group", e.label},
                                   {"score", e.score},
                                   {"word", e.word},
                                   {"start", e.start},
                                   {"end", e.end}});
      }
      std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      std::cout << texts[i] << "\n";
      for (const auto& e : entities) {
        std::cout << absl::StrFormat("  %-8s %.4f  [%d, %d)  %s\n", e.label, e.score, e.start,
                                     e.end,
                                     texts[i].substr(e.byte_start, e.byte_end - e.byte_start));
      }
    }
  }
  return 0;
}

int Answer(const Model& model, const std::string& question, const std::string& context,
           int64_t top_k, bool json) {
  AnswerOptions options = DefaultAnswerOptions(MaxTokens(model));
  options.top_k = top_k;
  auto windows = EncodeQuestionContext(model.tokenizer(), question, context, options);
  if (!windows.ok()) return Fail(windows.status());
  SequenceBatch batch;
  AddWindows(*windows, &batch);
  Workspace ws;
  Matrix logits;
  if (absl::Status s = model.Forward(batch, &ws, &logits); !s.ok()) return Fail(s);
  const std::vector<WindowLogits> per_window = SplitWindowLogits(*windows, logits);
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
  if ((*model)->config().task == TaskKind::kTokenClassification) {
    return Tag(**model, args->positional, json);
  }
  return Classify(**model, args->positional, json);
}

}  // namespace octet::cli
