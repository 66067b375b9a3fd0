#pragma once
// The models a server serves, loaded once at start-up and looked up by name or task.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/models/model_config.h"
#include "server/served_model.h"
#include "server/server_config.h"

namespace octet::server {

class ModelRegistry {
 public:
  /// Loads (and quantizes) every --model. The first failure is returned with the engine's
  /// message (which names the file and tensor), prefixed by the model name.
  static absl::StatusOr<std::unique_ptr<ModelRegistry>> Load(const ServerConfig& config);

  /// Builds a registry from already loaded models (tests).
  explicit ModelRegistry(std::vector<std::unique_ptr<ServedModel>> models)
      : models_(std::move(models)) {}

  /// NotFound naming the known models when there is no such model.
  absl::StatusOr<ServedModel*> Find(std::string_view name) const;

  /// The model a request for `task` should use: `name`, or when it is empty the only model with
  /// that task. NotFound for an unknown name; FailedPrecondition when the model does another
  /// task (or no model does this one); InvalidArgument when the name is empty and several
  /// models could serve.
  absl::StatusOr<ServedModel*> Resolve(std::string_view name, TaskKind task) const;

  /// `name`, or when empty the only model loaded (InvalidArgument when there are several).
  absl::StatusOr<ServedModel*> ResolveAny(std::string_view name) const;

  const std::vector<std::unique_ptr<ServedModel>>& models() const { return models_; }

 private:
  std::string Names() const;

  std::vector<std::unique_ptr<ServedModel>> models_;  // immutable after construction
};

/// "sequence classification" / "question answering" (for messages).
const char* TaskPhrase(TaskKind task);

}  // namespace octet::server
