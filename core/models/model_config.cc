#include "core/models/model_config.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <exception>
#include <initializer_list>
#include <map>
#include <new>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/models/config_fields.h"
#include "core/models/family.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMaxSize = kMaxConfigSize;
constexpr int64_t kMaxLabels = int64_t{1} << 20;
constexpr size_t kMaxConfigBytes = 16 << 20;

absl::StatusOr<int64_t> ReadInt(const ConfigFields& f, const IntField& field, int64_t min) {
  if (field.key == nullptr) return field.fallback;
  if (field.alias == nullptr) return f.Int(field.key, field.fallback, min, kMaxSize);
  return f.IntWithAlias(field.key, field.alias, field.fallback, min, kMaxSize);
}

// The size fields, activation and LayerNorm eps as the family's schema names them.
absl::Status ParseEncoder(const ConfigFields& f, const ConfigSchema& schema, ModelConfig* c) {
  OCTET_ASSIGN_OR_RETURN(c->vocab_size, ReadInt(f, schema.vocab_size, 1));
  OCTET_ASSIGN_OR_RETURN(c->hidden_size, ReadInt(f, schema.hidden_size, 1));
  OCTET_ASSIGN_OR_RETURN(c->num_layers, ReadInt(f, schema.num_layers, 1));
  OCTET_ASSIGN_OR_RETURN(c->num_heads, ReadInt(f, schema.num_heads, 1));
  OCTET_ASSIGN_OR_RETURN(c->intermediate_size, ReadInt(f, schema.intermediate_size, 1));
  OCTET_ASSIGN_OR_RETURN(c->max_position_embeddings, ReadInt(f, schema.max_position_embeddings, 1));
  OCTET_ASSIGN_OR_RETURN(c->type_vocab_size, ReadInt(f, schema.type_vocab_size, 1));
  OCTET_ASSIGN_OR_RETURN(
      c->pad_token_id,
      f.Int(schema.pad_token_id.key, schema.pad_token_id.fallback, 0, c->vocab_size - 1));
  c->embedding_size = c->hidden_size;  // a family with its own embedding width reads it below
  OCTET_ASSIGN_OR_RETURN(c->activation, f.Act(schema.activation));
  c->layer_norm_eps = schema.layer_norm_eps_default;
  if (schema.layer_norm_eps != nullptr) {
    OCTET_ASSIGN_OR_RETURN(c->layer_norm_eps,
                           f.PositiveFloat(schema.layer_norm_eps, schema.layer_norm_eps_default));
  }
  if (schema.parse_extra != nullptr) OCTET_RETURN_IF_ERROR(schema.parse_extra(f, c));
  return absl::OkStatus();
}

// id2label (string keys "0".."n-1") or num_labels.
absl::Status ParseLabels(const ConfigFields& f, std::vector<std::string>* labels) {
  OCTET_ASSIGN_OR_RETURN(int64_t num_labels, f.Int("num_labels", 2, 1, kMaxLabels));
  if (const Json* id2label = f.Find("id2label")) {
    if (!id2label->is_object() || id2label->empty()) {
      return f.Error("id2label", absl::StrCat("expected a non-empty object {\"0\": label, ...}, "
                                              "got ",
                                              BriefJson(*id2label)));
    }
    std::map<int64_t, std::string> by_id;
    for (const auto& [key, value] : id2label->items()) {
      int64_t id = -1;
      const bool digits = !key.empty() && key.size() <= 9 &&
                          std::all_of(key.begin(), key.end(), absl::ascii_isdigit);
      if (!digits || !absl::SimpleAtoi(key, &id)) {
        return f.Error("id2label", absl::StrFormat("key '%s' is not a label id (expected a "
                                                   "decimal integer string)",
                                                   key));
      }
      if (!value.is_string()) {
        return f.Error("id2label", absl::StrFormat("label for id %s is %s, expected a string", key,
                                                   BriefJson(value)));
      }
      if (!by_id.emplace(id, value.get<std::string>()).second) {
        return f.Error("id2label", absl::StrFormat("id %d appears twice", id));
      }
    }
    int64_t expected = 0;
    for (const auto& [id, label] : by_id) {
      if (id != expected) {
        std::vector<int64_t> keys;
        keys.reserve(by_id.size());
        for (const auto& entry : by_id) keys.push_back(entry.first);
        return f.Error("id2label",
                       absl::StrFormat("ids must be contiguous 0..%d, but id %d is missing "
                                       "(got ids %s)",
                                       by_id.size() - 1, expected, absl::StrJoin(keys, ", ")));
      }
      ++expected;
      labels->push_back(label);
    }
    // id2label wins over a disagreeing num_labels, as in transformers' PretrainedConfig.
  } else {
    for (int64_t i = 0; i < num_labels; ++i) labels->push_back(absl::StrCat("LABEL_", i));
  }

  // label2id is informational: transformers and its pipelines read labels from id2label, and
  // many fine-tuned configs carry a stale default label2id ({"LABEL_0": 0, …}), so it is only
  // checked to be an object.
  if (const Json* label2id = f.Find("label2id"); label2id != nullptr && !label2id->is_object()) {
    return f.Error("label2id", absl::StrCat("expected an object, got ", BriefJson(*label2id)));
  }
  return absl::OkStatus();
}

absl::StatusOr<ProblemType> ParseProblemType(const ConfigFields& f) {
  OCTET_ASSIGN_OR_RETURN(std::string s, f.String("problem_type", ""));
  if (s.empty()) return ProblemType::kUnspecified;
  if (s == "single_label_classification") return ProblemType::kSingleLabel;
  if (s == "multi_label_classification") return ProblemType::kMultiLabel;
  if (s == "regression") return ProblemType::kRegression;
  return f.Error("problem_type", absl::StrFormat("'%s' is not one of single_label_classification, "
                                                 "multi_label_classification, regression",
                                                 s));
}

absl::StatusOr<ModelConfig> ParseObject(const Json& root, const std::string& source) {
  const ConfigFields f(root, source);
  ModelConfig c;
  const Json* archs = f.Find("architectures");
  if (archs != nullptr && (!archs->is_array() || archs->empty() || !(*archs)[0].is_string())) {
    return f.Error("architectures", absl::StrCat("expected a non-empty list of class names, got ",
                                                 BriefJson(*archs)));
  }
  if (archs != nullptr) c.architecture = (*archs)[0].get<std::string>();
  const Family* family = nullptr;
  std::vector<std::string> supported;
  for (const Family* candidate : Families()) {
    for (const ArchitectureEntry& a : candidate->architectures) {
      supported.emplace_back(a.name);
      if (c.architecture == a.name) {
        family = candidate;
        c.task = a.task;
      }
    }
  }
  if (family == nullptr) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: unsupported architecture '%s'%s; supported: %s", source, c.architecture,
        archs == nullptr ? " (no 'architectures' field)" : "", absl::StrJoin(supported, ", ")));
  }
  c.family = family->id;
  OCTET_ASSIGN_OR_RETURN(std::string model_type, f.String("model_type", family->model_type));
  if (model_type != family->model_type) {
    return f.Error("model_type", absl::StrFormat("'%s' does not match architecture '%s' "
                                                 "(expected '%s')",
                                                 model_type, c.architecture, family->model_type));
  }

  OCTET_RETURN_IF_ERROR(ParseEncoder(f, family->config, &c));
  if (c.hidden_size % c.num_heads != 0) {
    return f.Error(
        family->config.num_heads.key,
        absl::StrFormat("hidden size %d is not divisible by %d heads", c.hidden_size, c.num_heads));
  }
  if (c.max_sequence_length() < 1) {
    return f.Error(family->config.max_position_embeddings.key,
                   absl::StrFormat("%d rows leave no position for a token: position ids start at "
                                   "pad_token_id + 1 = %d",
                                   c.max_position_embeddings, c.position_offset));
  }

  if (c.task == TaskKind::kSequenceClassification) {
    OCTET_RETURN_IF_ERROR(ParseLabels(f, &c.labels));
    OCTET_ASSIGN_OR_RETURN(c.problem_type, ParseProblemType(f));
  } else if (c.task == TaskKind::kTokenClassification) {
    OCTET_RETURN_IF_ERROR(ParseLabels(f, &c.labels));
  }
  return c;
}

}  // namespace

absl::StatusOr<ModelConfig> ModelConfig::Parse(std::string_view json_text,
                                               const std::string& source_name) {
  try {
    Json root;
    try {
      root = Json::parse(json_text);
    } catch (const Json::parse_error& e) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: not valid JSON: %s", source_name,
                                                        unicode::EscapeNonPrintable(e.what())));
    }
    if (!root.is_object()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: top level is a JSON %s, expected an object", source_name, root.type_name()));
    }
    return ParseObject(root, source_name);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(absl::StrCat(source_name, ": out of memory"));
  } catch (const std::exception& e) {
    // Not expected (every access is type-checked); never let a JSON exception escape.
    return absl::InternalError(absl::StrCat(source_name, ": ", e.what()));
  }
}

absl::StatusOr<ModelConfig> ModelConfig::FromFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return absl::ErrnoToStatus(errno, absl::StrCat(path, ": cannot open"));
  std::string text;
  char buf[1 << 14];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), file)) > 0 && text.size() <= kMaxConfigBytes) {
    text.append(buf, n);
  }
  const int read_errno = std::ferror(file) != 0 ? errno : 0;
  std::fclose(file);
  if (read_errno != 0) return absl::ErrnoToStatus(read_errno, absl::StrCat(path, ": cannot read"));
  if (text.size() > kMaxConfigBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %d bytes or more, expected a config.json under %d bytes", path,
                        text.size(), kMaxConfigBytes));
  }
  return Parse(text, path);
}

const char* ActivationName(Activation activation) {
  switch (activation) {
    case Activation::kGeluErf:
      return "gelu_erf";
    case Activation::kGeluTanh:
      return "gelu_tanh";
    case Activation::kRelu:
      return "relu";
  }
  return "unknown";
}

const char* TaskName(TaskKind task) {
  switch (task) {
    case TaskKind::kSequenceClassification:
      return "sequence_classification";
    case TaskKind::kQuestionAnswering:
      return "question_answering";
    case TaskKind::kTokenClassification:
      return "token_classification";
  }
  return "unknown";
}

const char* FamilyName(ModelFamily family) { return FamilyOf(family).model_type; }

}  // namespace octet
