#pragma once
// `octet eval`: accuracy (classification), SQuAD exact match / F1 (question answering) or
// entity-level precision / recall / F1 (token classification, NER) of a model folder on a
// JSON-lines file, FP32 and INT8 side by side, with latency, throughput, weight bytes, file size
// and resident memory. The pieces are exposed for tests.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/squad_metrics.h"
#include "core/models/model_config.h"
#include "core/tasks/entity_f1.h"
#include "core/tasks/token_classification.h"

namespace octet::cli {

// ------------------------------------------------------------------ evaluation data
struct EvalExample {
  int64_t line = 0;  // 1-based line in the file
  // Classification.
  std::string text;
  std::string text_pair;  // empty: single text
  bool has_pair = false;
  std::string label;
  // Question answering.
  std::string question;
  std::string context;
  std::vector<std::string> answers;
  // Token classification: `text` and its gold entities.
  std::vector<EntitySpan> entities;
};

/// Reads a JSON-lines file for `config`'s task. Classification lines: {"text", "label"} (label a
/// name from id2label or an integer id; optional "text_pair"). QA lines: {"question", "context",
/// "answers"} with answers either {"text": [...], "answer_start": [...]} (SQuAD) or a list of
/// strings (or one string). Token-classification lines: {"text", "entities"} with entities a list
/// of {"start", "end", "label"} (code points of the text, end exclusive; the label an entity type
/// of the model, e.g. "PER" for B-PER / I-PER; "entity_group" is read where "label" is absent, so
/// the pipeline's own output can serve as gold). Blank lines are skipped. Errors name the file
/// and line.
absl::StatusOr<std::vector<EvalExample>> ReadEvalFile(const std::string& path,
                                                      const ModelConfig& config);

// ------------------------------------------------------------------ running
struct EvalOptions {
  std::string model_dir;
  std::string data_path;
  int threads = 1;
  int batch = 1;
  /// Examples evaluated before timing starts, per precision (oneDNN primitive creation).
  int warmup = 8;
  /// Token classification: how word pieces become entities (the pipeline's
  /// aggregation_strategy; none is refused, entities need grouping).
  Aggregation aggregation = Aggregation::kFirst;
  /// Called with (precision name, examples done, examples in all).
  std::function<void(const std::string&, int64_t, int64_t)> progress;
  /// Forwarded to Model::Load.
  std::function<void(int64_t, int64_t)> load_progress;
};

struct PrecisionResult {
  std::string precision;  // "fp32" or "int8"
  // Classification.
  int64_t correct = 0;
  double accuracy = 0;  // fraction
  // Question answering.
  int64_t exact = 0;
  double exact_match = 0;  // fraction
  double f1 = 0;           // mean over examples, fraction
  // Token classification: entity-level counts and scores.
  EntityScores entities;
  // Per example: the predicted label, the answer text, or the entities as one string
  // ("start-end LABEL" joined by "; ").
  std::vector<std::string> predictions;
  // Token classification, per example: the predicted entities.
  std::vector<std::vector<EntitySpan>> predicted_entities;
  // Timing. An example's latency is the wall time of the batch it was in (tokenization,
  // forward pass and post-processing).
  double latency_mean_ms = 0;
  double latency_p90_ms = 0;
  double total_seconds = 0;
  double throughput = 0;  // examples per second
  // Memory and size.
  int64_t weight_bytes = 0;     // Model::weight_bytes()
  int64_t rss_before_load = 0;  // bytes
  int64_t rss_after_load = 0;   // bytes
  double load_seconds = 0;
};

struct EvalReport {
  std::string model_dir;
  std::string data_path;
  std::string architecture;
  std::string description;  // Model::Describe() of the FP32 load
  TaskKind task = TaskKind::kSequenceClassification;
  int64_t examples = 0;
  int threads = 1;
  int batch = 1;
  int64_t file_bytes = 0;         // weights on disk (*.safetensors in the folder)
  int64_t fp32_weight_bytes = 0;  // parameters × 4
  PrecisionResult fp32, int8;
  int64_t agree = 0;  // examples with the same label / answer text / entities
  Aggregation aggregation = Aggregation::kFirst;  // token classification
};

/// Loads the model in FP32, evaluates, releases it, then the same in INT8.
absl::StatusOr<EvalReport> RunEval(const EvalOptions& options);

/// The human-readable table.
std::string FormatEvalReport(const EvalReport& report);
/// The same figures as one JSON object (pretty-printed).
std::string EvalReportJson(const EvalReport& report);

/// Bytes of the weight files (*.safetensors) in a model folder.
absl::StatusOr<int64_t> WeightFileBytes(const std::string& dir);

}  // namespace octet::cli
