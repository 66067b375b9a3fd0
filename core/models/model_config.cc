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
#include "nlohmann/json.hpp"

namespace octet {
namespace {

using Json = nlohmann::json;

// Upper bound for every size field: far above real models, low enough that products of two
// sizes cannot overflow int64 in the loaders.
constexpr int64_t kMaxSize = int64_t{1} << 24;
constexpr int64_t kMaxLabels = int64_t{1} << 20;
constexpr size_t kMaxConfigBytes = 16 << 20;

struct Architecture {
  const char* name;
  ModelFamily family;
  TaskKind task;
};
constexpr Architecture kArchitectures[] = {
    {"BertForSequenceClassification", ModelFamily::kBert, TaskKind::kSequenceClassification},
    {"BertForQuestionAnswering", ModelFamily::kBert, TaskKind::kQuestionAnswering},
    {"DistilBertForSequenceClassification", ModelFamily::kDistilBert,
     TaskKind::kSequenceClassification},
    {"DistilBertForQuestionAnswering", ModelFamily::kDistilBert, TaskKind::kQuestionAnswering},
};

// A JSON value as short text for "got ..." in messages.
std::string Brief(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// Typed access to the top-level fields of config.json with uniform error messages.
class Fields {
 public:
  Fields(const Json& root, const std::string& source) : root_(root), source_(source) {}

  absl::Status Error(std::string_view field, std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrFormat("%s: field '%s': %s", source_, field, what));
  }
  // The value of `key`, or nullptr when absent or JSON null (transformers treats both as unset).
  const Json* Find(std::string_view key) const {
    auto it = root_.find(key);
    return it == root_.end() || it->is_null() ? nullptr : &*it;
  }

  absl::StatusOr<int64_t> Int(std::string_view key, int64_t fallback, int64_t min,
                              int64_t max) const {
    const Json* v = Find(key);
    if (v == nullptr) return fallback;
    const bool in_range = (v->is_number_unsigned() && v->get<uint64_t>() <= uint64_t(max) &&
                           int64_t(v->get<uint64_t>()) >= min) ||
                          (v->is_number_integer() && !v->is_number_unsigned() &&
                           v->get<int64_t>() >= min && v->get<int64_t>() <= max);
    if (!in_range) {
      return Error(key,
                   absl::StrFormat("expected an integer in [%d, %d], got %s", min, max, Brief(*v)));
    }
    return v->get<int64_t>();
  }

  // An integer that may appear under several names (DistilBertConfig's attribute_map aliases);
  // when more than one is present they must agree.
  absl::StatusOr<int64_t> IntWithAlias(std::string_view key, std::string_view alias,
                                       int64_t fallback, int64_t min, int64_t max) const {
    OCTET_ASSIGN_OR_RETURN(int64_t value, Int(key, fallback, min, max));
    if (Find(alias) == nullptr) return value;
    OCTET_ASSIGN_OR_RETURN(int64_t alias_value, Int(alias, fallback, min, max));
    if (Find(key) == nullptr) return alias_value;
    if (alias_value != value) {
      return Error(key, absl::StrFormat("%d, but its alias '%s' is %d", value, alias, alias_value));
    }
    return value;
  }

  absl::StatusOr<std::string> String(std::string_view key, std::string fallback) const {
    const Json* v = Find(key);
    if (v == nullptr) return fallback;
    if (!v->is_string()) return Error(key, absl::StrCat("expected a string, got ", Brief(*v)));
    return v->get<std::string>();
  }

  absl::StatusOr<bool> Bool(std::string_view key, bool fallback) const {
    const Json* v = Find(key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean())
      return Error(key, absl::StrCat("expected true or false, got ", Brief(*v)));
    return v->get<bool>();
  }

  absl::StatusOr<float> PositiveFloat(std::string_view key, float fallback) const {
    const Json* v = Find(key);
    if (v == nullptr) return fallback;
    const float f = v->is_number() ? static_cast<float>(v->get<double>()) : 0.0f;
    if (!v->is_number() || !std::isfinite(f) || f <= 0.0f) {
      return Error(key, absl::StrCat("expected a positive number, got ", Brief(*v)));
    }
    return f;
  }

  absl::StatusOr<Activation> Act(std::string_view key) const {
    OCTET_ASSIGN_OR_RETURN(std::string name, String(key, "gelu"));
    if (name == "gelu") return Activation::kGeluErf;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh") return Activation::kGeluTanh;
    if (name == "relu") return Activation::kRelu;
    return Error(key, absl::StrFormat("unsupported activation '%s'; expected one of gelu, "
                                      "gelu_new, gelu_pytorch_tanh, relu",
                                      name));
  }

 private:
  const Json& root_;
  const std::string& source_;
};

absl::Status ParseBert(const Fields& f, ModelConfig* c) {
  OCTET_ASSIGN_OR_RETURN(c->vocab_size, f.Int("vocab_size", 30522, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->hidden_size, f.Int("hidden_size", 768, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->num_layers, f.Int("num_hidden_layers", 12, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->num_heads, f.Int("num_attention_heads", 12, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->intermediate_size, f.Int("intermediate_size", 3072, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->max_position_embeddings,
                         f.Int("max_position_embeddings", 512, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->type_vocab_size, f.Int("type_vocab_size", 2, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->activation, f.Act("hidden_act"));
  OCTET_ASSIGN_OR_RETURN(c->layer_norm_eps, f.PositiveFloat("layer_norm_eps", 1e-12f));
  OCTET_ASSIGN_OR_RETURN(std::string position_type,
                         f.String("position_embedding_type", "absolute"));
  if (position_type != "absolute") {
    return f.Error("position_embedding_type",
                   absl::StrFormat("'%s' is not supported, expected 'absolute'", position_type));
  }
  c->sinusoidal_pos_embds = false;
  return absl::OkStatus();
}

absl::Status ParseDistilBert(const Fields& f, ModelConfig* c) {
  OCTET_ASSIGN_OR_RETURN(c->vocab_size, f.Int("vocab_size", 30522, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->hidden_size, f.IntWithAlias("dim", "hidden_size", 768, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->num_layers,
                         f.IntWithAlias("n_layers", "num_hidden_layers", 6, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->num_heads,
                         f.IntWithAlias("n_heads", "num_attention_heads", 12, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->intermediate_size, f.Int("hidden_dim", 3072, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->max_position_embeddings,
                         f.Int("max_position_embeddings", 512, 1, kMaxSize));
  OCTET_ASSIGN_OR_RETURN(c->activation, f.Act("activation"));
  OCTET_ASSIGN_OR_RETURN(c->sinusoidal_pos_embds, f.Bool("sinusoidal_pos_embds", false));
  c->type_vocab_size = 0;      // no segment embeddings
  c->layer_norm_eps = 1e-12f;  // hard-coded in modeling_distilbert.py, not in the config
  return absl::OkStatus();
}

// id2label (string keys "0".."n-1") or num_labels.
absl::Status ParseLabels(const Fields& f, std::vector<std::string>* labels) {
  OCTET_ASSIGN_OR_RETURN(int64_t num_labels, f.Int("num_labels", 2, 1, kMaxLabels));
  if (const Json* id2label = f.Find("id2label")) {
    if (!id2label->is_object() || id2label->empty()) {
      return f.Error("id2label", absl::StrCat("expected a non-empty object {\"0\": label, ...}, "
                                              "got ",
                                              Brief(*id2label)));
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
                                                   Brief(value)));
      }
      if (!by_id.emplace(id, value.get<std::string>()).second) {
        return f.Error("id2label", absl::StrFormat("id %d appears twice", id));
      }
    }
    int64_t expected = 0;
    for (const auto& [id, label] : by_id) {
      if (id != expected) {
        std::vector<int64_t> keys;
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
    return f.Error("label2id", absl::StrCat("expected an object, got ", Brief(*label2id)));
  }
  return absl::OkStatus();
}

absl::StatusOr<ProblemType> ParseProblemType(const Fields& f) {
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
  const Fields f(root, source);
  ModelConfig c;
  const Json* archs = f.Find("architectures");
  if (archs != nullptr && (!archs->is_array() || archs->empty() || !(*archs)[0].is_string())) {
    return f.Error("architectures",
                   absl::StrCat("expected a non-empty list of class names, got ", Brief(*archs)));
  }
  if (archs != nullptr) c.architecture = (*archs)[0].get<std::string>();
  const Architecture* arch = nullptr;
  std::vector<std::string> supported;
  for (const Architecture& a : kArchitectures) {
    supported.push_back(a.name);
    if (c.architecture == a.name) arch = &a;
  }
  if (arch == nullptr) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: unsupported architecture '%s'%s; supported: %s", source, c.architecture,
        archs == nullptr ? " (no 'architectures' field)" : "", absl::StrJoin(supported, ", ")));
  }
  c.family = arch->family;
  c.task = arch->task;
  OCTET_ASSIGN_OR_RETURN(std::string model_type, f.String("model_type", FamilyName(c.family)));
  if (model_type != FamilyName(c.family)) {
    return f.Error("model_type", absl::StrFormat("'%s' does not match architecture '%s' "
                                                 "(expected '%s')",
                                                 model_type, c.architecture, FamilyName(c.family)));
  }

  OCTET_RETURN_IF_ERROR(c.family == ModelFamily::kBert ? ParseBert(f, &c) : ParseDistilBert(f, &c));
  const char* heads_field = c.family == ModelFamily::kBert ? "num_attention_heads" : "n_heads";
  if (c.hidden_size % c.num_heads != 0) {
    return f.Error(heads_field, absl::StrFormat("hidden size %d is not divisible by %d heads",
                                                c.hidden_size, c.num_heads));
  }
  OCTET_ASSIGN_OR_RETURN(c.pad_token_id, f.Int("pad_token_id", 0, 0, c.vocab_size - 1));

  if (c.task == TaskKind::kSequenceClassification) {
    OCTET_RETURN_IF_ERROR(ParseLabels(f, &c.labels));
    OCTET_ASSIGN_OR_RETURN(c.problem_type, ParseProblemType(f));
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
  }
  return "unknown";
}

const char* FamilyName(ModelFamily family) {
  switch (family) {
    case ModelFamily::kBert:
      return "bert";
    case ModelFamily::kDistilBert:
      return "distilbert";
  }
  return "unknown";
}

}  // namespace octet
