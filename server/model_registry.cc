#include "server/model_registry.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "core/base/logging.h"
#include "core/base/status_macros.h"
#include "core/tasks/token_limit.h"

namespace octet::server {

const char* TaskPhrase(TaskKind task) {
  switch (task) {
    case TaskKind::kQuestionAnswering:
      return "question answering";
    case TaskKind::kTokenClassification:
      return "token classification";
    case TaskKind::kSequenceClassification:
      break;
  }
  return "sequence classification";
}

absl::StatusOr<std::unique_ptr<ModelRegistry>> ModelRegistry::Load(const ServerConfig& config) {
  std::vector<std::unique_ptr<ServedModel>> models;
  for (const ModelSpec& spec : config.models) {
    LoadOptions options;
    options.precision = config.precision;
    // Progress for big models (BERT-base and up): one line per quarter of the layers.
    const absl::Time begin = absl::Now();
    int64_t quarters_logged = 0;
    options.progress = [&](int64_t done, int64_t total) {
      if (total < 12 || done * 4 / total <= quarters_logged) return;
      quarters_logged = done * 4 / total;
      LogInfo("model '%s': loading and quantizing: %d/%d layers (%.1f s)", spec.name, done, total,
              absl::ToDoubleSeconds(absl::Now() - begin));
    };
    auto model = Model::Load(spec.dir, options);
    if (!model.ok()) {
      return absl::Status(model.status().code(),
                          absl::StrFormat("model '%s': %s", spec.name, model.status().message()));
    }
    auto served = std::make_unique<ServedModel>();
    served->name = spec.name;
    served->max_tokens = MaxTokens(**model);
    LogInfo("model '%s': %s", spec.name, (*model)->Describe());
    served->model = *std::move(model);
    models.push_back(std::move(served));
  }
  return std::make_unique<ModelRegistry>(std::move(models));
}

std::string ModelRegistry::Names() const {
  std::string out;
  for (const auto& m : models_) absl::StrAppend(&out, out.empty() ? "" : ", ", "'", m->name, "'");
  return out;
}

absl::StatusOr<ServedModel*> ModelRegistry::Find(std::string_view name) const {
  // Served names follow the --model NAME rules; anything else (e.g. "../x") is not echoed back.
  const bool name_like = name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
                           return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                                  c == '_' || c == '-';
                         });
  if (!name_like) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "model: expected a name of 1 to 128 letters, digits, '.', '_' or '-' (one of %s), got "
        "%d bytes that are not one",
        Names(), name.size()));
  }
  for (const auto& m : models_) {
    if (m->name == name) return m.get();
  }
  return absl::NotFoundError(
      absl::StrFormat("model: expected one of %s, got '%s'", Names(), name.substr(0, 128)));
}

absl::StatusOr<ServedModel*> ModelRegistry::Resolve(std::string_view name, TaskKind task) const {
  if (name.empty()) {
    std::vector<ServedModel*> candidates;
    for (const auto& m : models_) {
      if (m->model && m->model->config().task == task) candidates.push_back(m.get());
    }
    if (candidates.size() == 1) return candidates[0];
    if (candidates.empty()) {
      return absl::FailedPreconditionError(
          absl::StrFormat("no %s model is loaded (models: %s)", TaskPhrase(task), Names()));
    }
    return absl::InvalidArgumentError(
        absl::StrFormat("model: empty, but %d %s models are loaded; name one of %s",
                        candidates.size(), TaskPhrase(task), Names()));
  }
  OCTET_ASSIGN_OR_RETURN(ServedModel* const found, Find(name));
  const TaskKind has = found->model->config().task;
  if (has != task) {
    return absl::FailedPreconditionError(
        absl::StrFormat("model '%s' does %s (%s); this method needs a %s model", found->name,
                        TaskPhrase(has), found->model->config().architecture, TaskPhrase(task)));
  }
  return found;
}

absl::StatusOr<ServedModel*> ModelRegistry::ResolveAny(std::string_view name) const {
  if (!name.empty()) return Find(name);
  if (models_.size() == 1) return models_[0].get();
  return absl::InvalidArgumentError(absl::StrFormat(
      "model: empty, but %d models are loaded; name one of %s", models_.size(), Names()));
}

}  // namespace octet::server
