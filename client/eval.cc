#include "client/eval.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/base/process_stats.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/models/model.h"
#include "core/tasks/question_answering.h"
#include "core/tasks/text_classification.h"
#include "core/tasks/token_classification.h"
#include "core/tasks/token_limit.h"
#include "nlohmann/json.hpp"

namespace octet::cli {
namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  // Nearest rank: the smallest value with at least p of the values at or below it.
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  rank = std::clamp<size_t>(rank, 1, v.size());
  return v[rank - 1];
}

absl::Status LineError(const std::string& path, int64_t line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ":", line, ": ", what));
}

// The entity types of a token classifier's labels: B-PER and I-PER → PER; O is none.
std::vector<std::string> EntityTypes(const ModelConfig& config) {
  std::vector<std::string> out;
  for (const std::string& label : config.labels) {
    const std::string type = EntityType(label);
    if (type != "O" && std::find(out.begin(), out.end(), type) == out.end()) out.push_back(type);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A line's "entities": [{"start", "end", "label"}], spans inside a text of `length` code points.
absl::StatusOr<std::vector<EntitySpan>> ParseGoldEntities(const nlohmann::json& list,
                                                          int64_t length,
                                                          const std::vector<std::string>& types) {
  std::vector<EntitySpan> out;
  for (size_t k = 0; k < list.size(); ++k) {
    const nlohmann::json& item = list[k];
    const std::string where = absl::StrCat("entities[", k, "]");
    if (!item.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": not an object"));
    }
    EntitySpan span;
    for (const auto& [key, value] :
         {std::pair{"start", &span.start}, std::pair{"end", &span.end}}) {
      auto it = item.find(key);
      if (it == item.end() || !it->is_number_integer()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": expected an integer field \"", key, "\""));
      }
      *value = it->get<int64_t>();
    }
    auto label = item.find("label");
    if (label == item.end()) label = item.find("entity_group");
    if (label == item.end() || !label->is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": expected a string field \"label\" (or \"entity_group\")"));
    }
    span.label = EntityType(label->get<std::string>());
    if (span.start < 0 || span.start >= span.end || span.end > length) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": span [", span.start, ", ", span.end,
          ") is not inside the text, expected 0 <= start < end <= ", length, " (code points)"));
    }
    if (std::find(types.begin(), types.end(), span.label) == types.end()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": label \"", span.label,
                                                     "\" is not one of the model's entity types (",
                                                     absl::StrJoin(types, ", "), ")"));
    }
    out.push_back(std::move(span));
  }
  return out;
}

// "0-4 PER; 10-16 LOC": a text's entities as one string (agreement between precisions).
std::string EntitiesString(const std::vector<EntitySpan>& entities) {
  std::string out;
  for (const EntitySpan& e : entities) {
    absl::StrAppend(&out, out.empty() ? "" : "; ", e.start, "-", e.end, " ", e.label);
  }
  return out;
}

// Token classification for examples [begin, end): every window of every text in one forward pass,
// then the pipeline's post-processing with `aggregation`, "O" ignored.
absl::Status TagBatch(const Model& model, Aggregation aggregation, const std::string& path,
                      const std::vector<EvalExample>& examples, size_t begin, size_t end,
                      Workspace* ws, std::vector<std::string>* out,
                      std::vector<std::vector<EntitySpan>>* out_entities) {
  TokenClassificationOptions options;
  options.aggregation = aggregation;
  options.max_length = MaxTokens(model);
  // Texts longer than the model's limit go in overlapping windows, as `octet predict` tags them.
  options.stride = options.max_length / 4;
  SequenceBatch batch;
  std::vector<std::vector<Encoding>> windows;
  std::vector<int64_t> first_rows;
  for (size_t i = begin; i < end; ++i) {
    auto w = EncodeForTagging(model.tokenizer(), examples[i].text, options);
    if (!w.ok()) return LineError(path, examples[i].line, w.status().message());
    first_rows.push_back(batch.num_tokens());
    for (const Encoding& e : *w) batch.Add(e.ids, e.type_ids);
    windows.push_back(std::move(*w));
  }
  Matrix logits;
  OCTET_RETURN_IF_ERROR(model.Forward(batch, ws, &logits));
  for (size_t k = 0; k < windows.size(); ++k) {
    std::vector<EntitySpan> spans;
    for (const TokenEntity& e :
         DecodeEntities(model.tokenizer(), windows[k], logits, first_rows[k],
                        examples[begin + k].text, model.config().labels, options)) {
      spans.push_back({e.label, e.start, e.end});
    }
    std::sort(spans.begin(), spans.end());
    out->push_back(EntitiesString(spans));
    if (out_entities != nullptr) out_entities->push_back(std::move(spans));
  }
  return absl::OkStatus();
}

// Predictions for examples [begin, end): labels, answer texts or entities. The examples of a
// batch are computed in one forward pass, through the pipelines `octet predict` and the server
// run.
absl::Status PredictBatch(const Model& model, const EvalOptions& eval, const std::string& path,
                          const std::vector<EvalExample>& examples, size_t begin, size_t end,
                          Workspace* ws, std::vector<std::string>* out,
                          std::vector<std::vector<EntitySpan>>* out_entities) {
  if (model.config().task == TaskKind::kTokenClassification) {
    return TagBatch(model, eval.aggregation, path, examples, begin, end, ws, out, out_entities);
  }
  Matrix logits;
  if (model.config().task == TaskKind::kSequenceClassification) {
    TextClassificationOptions options;
    options.max_length = MaxTokens(model);
    options.top_k = 1;
    EncodedTexts texts;
    for (size_t i = begin; i < end; ++i) {
      const EvalExample& e = examples[i];
      TextInput input{e.text, std::nullopt};
      if (e.has_pair) input.text_pair = e.text_pair;
      if (absl::Status s = EncodeText(model.tokenizer(), input, options, &texts); !s.ok()) {
        return LineError(path, e.line, s.message());
      }
    }
    OCTET_RETURN_IF_ERROR(model.Forward(texts.sequences, ws, &logits));
    for (const std::vector<LabelScore>& top : ScoreTexts(logits, model.config(), options)) {
      out->push_back(top.empty() ? std::string() : top[0].label);
    }
    return absl::OkStatus();
  }
  const AnswerOptions options = DefaultAnswerOptions(MaxTokens(model));
  SequenceBatch batch;
  std::vector<std::vector<Encoding>> windows;
  std::vector<int64_t> first_rows;  // per example: its first row of the [tokens, 2] logits
  for (size_t i = begin; i < end; ++i) {
    const EvalExample& e = examples[i];
    auto w = EncodeQuestionContext(model.tokenizer(), e.question, e.context, options);
    if (!w.ok()) return LineError(path, e.line, w.status().message());
    first_rows.push_back(batch.num_tokens());
    AddWindows(*w, &batch);
    windows.push_back(std::move(*w));
  }
  OCTET_RETURN_IF_ERROR(model.Forward(batch, ws, &logits));
  for (size_t k = 0; k < windows.size(); ++k) {
    auto answers = DecodeAnswers(windows[k], SplitWindowLogits(windows[k], logits, first_rows[k]),
                                 examples[begin + k].context, options);
    out->push_back(answers.empty() ? std::string() : answers[0].text);
  }
  return absl::OkStatus();
}

absl::Status EvaluatePrecision(const EvalOptions& options, Precision precision,
                               const std::vector<EvalExample>& examples, EvalReport* report,
                               PrecisionResult* result) {
  result->precision = precision == Precision::kFp32 ? "fp32" : "int8";
#if defined(__GLIBC__)
  malloc_trim(0);  // hand memory freed by the previous model back, so RSS figures compare
#endif
  result->rss_before_load = ReadMemoryStats().rss_bytes;
  LoadOptions load;
  load.precision.base = precision;
  load.progress = options.load_progress;
  OCTET_ASSIGN_OR_RETURN(const std::unique_ptr<Model> loaded, Model::Load(options.model_dir, load));
  const Model& model = *loaded;
  result->rss_after_load = ReadMemoryStats().rss_bytes;
  result->weight_bytes = static_cast<int64_t>(model.weight_bytes());
  result->load_seconds = model.load_seconds();
  if (precision == Precision::kFp32) {
    report->architecture = model.config().architecture;
    report->description = model.Describe();
    report->fp32_weight_bytes = static_cast<int64_t>(model.fp32_weight_bytes());
  }

  Workspace ws(options.threads);
  std::vector<std::string> scratch;
  const size_t n = examples.size();
  const size_t batch = static_cast<size_t>(std::max(1, options.batch));
  // Warm-up: creates the oneDNN primitives for typical shapes; not timed, not scored.
  for (size_t i = 0; i < std::min<size_t>(n, options.warmup); i += batch) {
    OCTET_RETURN_IF_ERROR(PredictBatch(model, options, options.data_path, examples, i,
                                       std::min(n, i + batch), &ws, &scratch, nullptr));
  }
  std::vector<double> latency(n, 0);
  result->predictions.clear();
  result->predictions.reserve(n);
  result->predicted_entities.clear();
  const auto t_start = Clock::now();
  for (size_t i = 0; i < n; i += batch) {
    const size_t end = std::min(n, i + batch);
    const auto t0 = Clock::now();
    OCTET_RETURN_IF_ERROR(PredictBatch(model, options, options.data_path, examples, i, end, &ws,
                                       &result->predictions, &result->predicted_entities));
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    for (size_t k = i; k < end; ++k) latency[k] = ms;
    if (options.progress)
      options.progress(result->precision, static_cast<int64_t>(end), static_cast<int64_t>(n));
  }
  result->total_seconds = std::chrono::duration<double>(Clock::now() - t_start).count();
  result->throughput = result->total_seconds > 0 ? n / result->total_seconds : 0;
  double sum = 0;
  for (double v : latency) sum += v;
  result->latency_mean_ms = n ? sum / n : 0;
  result->latency_p90_ms = Percentile(latency, 0.9);

  if (report->task == TaskKind::kSequenceClassification) {
    for (size_t i = 0; i < n; ++i) result->correct += result->predictions[i] == examples[i].label;
    result->accuracy = n ? static_cast<double>(result->correct) / n : 0;
  } else if (report->task == TaskKind::kTokenClassification) {
    result->entities = EntityScores();
    for (size_t i = 0; i < n; ++i) {
      AddTextEntities(examples[i].entities, result->predicted_entities[i], &result->entities);
    }
  } else {
    double f1 = 0;
    for (size_t i = 0; i < n; ++i) {
      const double em = MaxOverGold(ExactMatchScore, result->predictions[i], examples[i].answers);
      result->exact += em > 0.5;
      f1 += MaxOverGold(F1Score, result->predictions[i], examples[i].answers);
    }
    result->exact_match = n ? static_cast<double>(result->exact) / n : 0;
    result->f1 = n ? f1 / n : 0;
  }
  return absl::OkStatus();
}

std::string Mb(int64_t bytes) { return absl::StrFormat("%.2f MB", bytes / 1e6); }

std::string Pct(double fraction) { return absl::StrFormat("%.2f %%", 100 * fraction); }

}  // namespace

absl::StatusOr<std::vector<EvalExample>> ReadEvalFile(const std::string& path,
                                                      const ModelConfig& config) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<EvalExample> out;
  std::string line;
  int64_t line_no = 0;
  const bool qa = config.task == TaskKind::kQuestionAnswering;
  const bool tagging = config.task == TaskKind::kTokenClassification;
  const std::vector<std::string> types = EntityTypes(config);
  auto get_string = [&](const nlohmann::json& j, const char* key,
                        std::string* value) -> absl::Status {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
      return LineError(path, line_no, absl::StrCat("expected a string field \"", key, "\""));
    }
    *value = it->get<std::string>();
    return absl::OkStatus();
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return LineError(path, line_no, "not a JSON object");
    }
    EvalExample e;
    e.line = line_no;
    if (tagging) {
      OCTET_RETURN_IF_ERROR(get_string(j, "text", &e.text));
      auto entities = j.find("entities");
      if (entities == j.end() || !entities->is_array()) {
        return LineError(path, line_no, "expected a list field \"entities\" (it may be empty)");
      }
      unicode::DecodedText decoded;
      if (!unicode::DecodeUtf8(e.text, &decoded).ok()) {
        return LineError(path, line_no, "\"text\" is not valid UTF-8");
      }
      auto parsed = ParseGoldEntities(*entities, static_cast<int64_t>(decoded.chars.size()), types);
      if (!parsed.ok()) return LineError(path, line_no, parsed.status().message());
      e.entities = *std::move(parsed);
    } else if (!qa) {
      OCTET_RETURN_IF_ERROR(get_string(j, "text", &e.text));
      if (j.contains("text_pair")) {
        OCTET_RETURN_IF_ERROR(get_string(j, "text_pair", &e.text_pair));
        e.has_pair = true;
      }
      auto label = j.find("label");
      if (label == j.end()) return LineError(path, line_no, "missing field \"label\"");
      if (label->is_number_integer()) {
        const int64_t id = label->get<int64_t>();
        if (id < 0 || id >= static_cast<int64_t>(config.labels.size())) {
          return LineError(path, line_no,
                           absl::StrCat("label id ", id, " is outside the model's ",
                                        config.labels.size(), " labels"));
        }
        e.label = config.labels[static_cast<size_t>(id)];
      } else if (label->is_string()) {
        e.label = label->get<std::string>();
        if (std::find(config.labels.begin(), config.labels.end(), e.label) == config.labels.end()) {
          std::string names;
          for (const auto& l : config.labels) absl::StrAppend(&names, names.empty() ? "" : ", ", l);
          return LineError(path, line_no,
                           absl::StrCat("label is not one of the model's labels (", names, ")"));
        }
      } else {
        return LineError(path, line_no, "\"label\" must be a label name or an integer id");
      }
    } else {
      OCTET_RETURN_IF_ERROR(get_string(j, "question", &e.question));
      OCTET_RETURN_IF_ERROR(get_string(j, "context", &e.context));
      auto answers = j.find("answers");
      if (answers == j.end()) return LineError(path, line_no, "missing field \"answers\"");
      const nlohmann::json* list = &*answers;
      if (answers->is_object()) {
        auto text = answers->find("text");
        if (text == answers->end()) {
          return LineError(path, line_no, "\"answers\" object without a \"text\" list");
        }
        list = &*text;
      }
      if (list->is_string()) {
        e.answers.push_back(list->get<std::string>());
      } else if (list->is_array()) {
        for (const auto& a : *list) {
          if (!a.is_string()) return LineError(path, line_no, "answers must be strings");
          e.answers.push_back(a.get<std::string>());
        }
      } else {
        return LineError(path, line_no,
                         "\"answers\" must be {\"text\": [...]}, a list of strings or a string");
      }
      if (e.answers.empty()) return LineError(path, line_no, "no gold answers");
    }
    out.push_back(std::move(e));
  }
  if (out.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no examples"));
  return out;
}

absl::StatusOr<int64_t> WeightFileBytes(const std::string& dir) {
  std::error_code ec;
  int64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 12 && name.compare(name.size() - 12, 12, ".safetensors") == 0 &&
        entry.is_regular_file()) {
      total += static_cast<int64_t>(entry.file_size());
    }
  }
  if (ec) return absl::NotFoundError(absl::StrCat(dir, ": ", ec.message()));
  return total;
}

absl::StatusOr<EvalReport> RunEval(const EvalOptions& options) {
  if (options.threads < 1 || options.batch < 1) {
    return absl::InvalidArgumentError("--threads and --batch must be at least 1");
  }
  EvalReport report;
  report.model_dir = options.model_dir;
  report.data_path = options.data_path;
  report.threads = options.threads;
  report.batch = options.batch;
  OCTET_ASSIGN_OR_RETURN(
      const ModelConfig config,
      ModelConfig::FromFile((std::filesystem::path(options.model_dir) / "config.json").string()));
  report.task = config.task;
  report.aggregation = options.aggregation;
  if (config.task == TaskKind::kTokenClassification && options.aggregation == Aggregation::kNone) {
    return absl::InvalidArgumentError(
        "--aggregation: entity scores need words grouped into entities; expected simple, first, "
        "average or max, got none");
  }
  OCTET_ASSIGN_OR_RETURN(const std::vector<EvalExample> examples,
                         ReadEvalFile(options.data_path, config));
  report.examples = static_cast<int64_t>(examples.size());
  OCTET_ASSIGN_OR_RETURN(report.file_bytes, WeightFileBytes(options.model_dir));

  omp_set_num_threads(options.threads);
  OCTET_RETURN_IF_ERROR(
      EvaluatePrecision(options, Precision::kFp32, examples, &report, &report.fp32));
  OCTET_RETURN_IF_ERROR(
      EvaluatePrecision(options, Precision::kInt8, examples, &report, &report.int8));
  for (size_t i = 0; i < examples.size(); ++i) {
    report.agree += report.fp32.predictions[i] == report.int8.predictions[i];
  }
  return report;
}

std::string FormatEvalReport(const EvalReport& r) {
  const bool qa = r.task == TaskKind::kQuestionAnswering;
  const bool tagging = r.task == TaskKind::kTokenClassification;
  const PrecisionResult& a = r.fp32;
  const PrecisionResult& b = r.int8;
  std::string out;
  absl::StrAppendFormat(&out, "model  %s\n       %s\n", r.model_dir, r.description);
  const std::string task =
      qa        ? "question answering"
      : tagging ? absl::StrCat("token classification, aggregation ", AggregationName(r.aggregation))
                : "classification";
  absl::StrAppendFormat(&out, "data   %s: %d examples (%s), batch %d, %d thread%s\n\n", r.data_path,
                        r.examples, task, r.batch, r.threads, r.threads == 1 ? "" : "s");
  auto row = [&out](const std::string& name, const std::string& x, const std::string& y,
                    const std::string& note) {
    absl::StrAppendFormat(&out, "%-22s %16s %16s   %s\n", name, x, y, note);
  };
  row("", "FP32", "INT8", "INT8 vs FP32");
  auto points = [](double x, double y) { return absl::StrFormat("%+.2f points", 100 * (y - x)); };
  if (tagging) {
    const EntityCounts& ma = a.entities.micro;
    const EntityCounts& mb = b.entities.micro;
    row("entity F1 (micro)", Pct(ma.f1()), Pct(mb.f1()), points(ma.f1(), mb.f1()));
    row("precision", Pct(ma.precision()), Pct(mb.precision()),
        points(ma.precision(), mb.precision()));
    row("recall", Pct(ma.recall()), Pct(mb.recall()), points(ma.recall(), mb.recall()));
    row("entities found", absl::StrCat(ma.true_positives, "/", ma.gold),
        absl::StrCat(mb.true_positives, "/", mb.gold), "gold entities matched exactly");
    row("entities predicted", absl::StrCat(ma.predicted), absl::StrCat(mb.predicted), "");
    std::map<std::string, std::pair<EntityCounts, EntityCounts>> types;
    for (const auto& [type, c] : a.entities.per_type) types[type].first = c;
    for (const auto& [type, c] : b.entities.per_type) types[type].second = c;
    for (const auto& [type, c] : types) {
      row(absl::StrCat("F1 ", type), Pct(c.first.f1()), Pct(c.second.f1()),
          absl::StrFormat("%s; P %.2f / %.2f, R %.2f / %.2f; %d gold",
                          points(c.first.f1(), c.second.f1()), 100 * c.first.precision(),
                          100 * c.second.precision(), 100 * c.first.recall(),
                          100 * c.second.recall(), std::max(c.first.gold, c.second.gold)));
    }
  } else if (qa) {
    row("exact match", Pct(a.exact_match), Pct(b.exact_match),
        absl::StrFormat("%+.2f points", 100 * (b.exact_match - a.exact_match)));
    row("F1", Pct(a.f1), Pct(b.f1), absl::StrFormat("%+.2f points", 100 * (b.f1 - a.f1)));
    row("exact answers", absl::StrCat(a.exact, "/", r.examples),
        absl::StrCat(b.exact, "/", r.examples), "");
  } else {
    row("accuracy", Pct(a.accuracy), Pct(b.accuracy),
        absl::StrFormat("%+.2f points", 100 * (b.accuracy - a.accuracy)));
    row("correct", absl::StrCat(a.correct, "/", r.examples),
        absl::StrCat(b.correct, "/", r.examples), "");
  }
  row("agreement with FP32", "", Pct(r.examples ? static_cast<double>(r.agree) / r.examples : 0),
      absl::StrCat(r.agree, "/", r.examples,
                   qa        ? " same answer text"
                   : tagging ? " same entities"
                             : " same label"));
  auto ratio = [](double x, double y, const char* more, const char* less) {
    if (x <= 0 || y <= 0) return std::string();
    return x >= y ? absl::StrFormat("%.2fx %s", x / y, more)
                  : absl::StrFormat("%.2fx %s", y / x, less);
  };
  row("mean latency", absl::StrFormat("%.3f ms", a.latency_mean_ms),
      absl::StrFormat("%.3f ms", b.latency_mean_ms),
      ratio(a.latency_mean_ms, b.latency_mean_ms, "faster", "slower"));
  row("p90 latency", absl::StrFormat("%.3f ms", a.latency_p90_ms),
      absl::StrFormat("%.3f ms", b.latency_p90_ms),
      ratio(a.latency_p90_ms, b.latency_p90_ms, "faster", "slower"));
  row("throughput", absl::StrFormat("%.1f ex/s", a.throughput),
      absl::StrFormat("%.1f ex/s", b.throughput),
      ratio(b.throughput, a.throughput, "higher", "lower"));
  row("weight bytes", Mb(a.weight_bytes), Mb(b.weight_bytes),
      ratio(a.weight_bytes, b.weight_bytes, "smaller", "larger"));
  row("file size on disk", Mb(r.file_bytes), Mb(r.file_bytes), "the same file for both");
  row("RSS after load", Mb(a.rss_after_load), Mb(b.rss_after_load),
      absl::StrFormat("load added %s / %s", Mb(a.rss_after_load - a.rss_before_load),
                      Mb(b.rss_after_load - b.rss_before_load)));
  row("load time", absl::StrFormat("%.3f s", a.load_seconds),
      absl::StrFormat("%.3f s", b.load_seconds), "");
  absl::StrAppend(&out,
                  "\nlatency: wall time of an example's batch (tokenize, forward, post-process); "
                  "a few warm-up examples run first, untimed.\n");
  if (tagging) {
    absl::StrAppend(&out,
                    "entities: exact matches of type, start and end (seqeval); P / R per type are "
                    "FP32 / INT8.\n");
  }
  return out;
}

std::string EvalReportJson(const EvalReport& r) {
  const bool qa = r.task == TaskKind::kQuestionAnswering;
  const bool tagging = r.task == TaskKind::kTokenClassification;
  auto counts = [](const EntityCounts& c) {
    return nlohmann::json{
        {"precision", 100 * c.precision()},   {"recall", 100 * c.recall()}, {"f1", 100 * c.f1()},
        {"true_positives", c.true_positives}, {"predicted", c.predicted},   {"gold", c.gold}};
  };
  auto one = [&](const PrecisionResult& p) {
    nlohmann::json j = {
        {"latency_ms_mean", p.latency_mean_ms},     {"latency_ms_p90", p.latency_p90_ms},
        {"throughput_per_s", p.throughput},         {"seconds", p.total_seconds},
        {"weight_bytes", p.weight_bytes},           {"rss_before_load_bytes", p.rss_before_load},
        {"rss_after_load_bytes", p.rss_after_load}, {"load_seconds", p.load_seconds}};
    if (tagging) {
      j["entities"] = counts(p.entities.micro);
      nlohmann::json per_type = nlohmann::json::object();
      for (const auto& [type, c] : p.entities.per_type) per_type[type] = counts(c);
      j["entities"]["per_type"] = per_type;
    } else if (qa) {
      j["exact_match"] = 100 * p.exact_match;
      j["f1"] = 100 * p.f1;
      j["exact"] = p.exact;
    } else {
      j["accuracy"] = 100 * p.accuracy;
      j["correct"] = p.correct;
    }
    return j;
  };
  nlohmann::json j = {{"model", r.model_dir},
                      {"data", r.data_path},
                      {"architecture", r.architecture},
                      {"task", TaskName(r.task)},
                      {"examples", r.examples},
                      {"batch", r.batch},
                      {"threads", r.threads},
                      {"file_bytes", r.file_bytes},
                      {"fp32_parameter_bytes", r.fp32_weight_bytes},
                      {"fp32", one(r.fp32)},
                      {"int8", one(r.int8)},
                      {"agreement",
                       {{"same", r.agree},
                        {"total", r.examples},
                        {"percent", r.examples ? 100.0 * r.agree / r.examples : 0.0}}}};
  if (tagging) j["aggregation"] = AggregationName(r.aggregation);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace octet::cli
