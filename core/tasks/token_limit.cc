#include "core/tasks/token_limit.h"

#include <algorithm>

namespace octet {

int64_t MaxTokens(const ModelConfig& config, const Tokenizer& tokenizer) {
  // Both limits bind: the tokenizer's is what the checkpoint was trained with, the position
  // table's is what the model can address at all.
  return std::min(tokenizer.model_max_length(), config.max_position_embeddings);
}

int64_t MaxTokens(const Model& model) { return MaxTokens(model.config(), model.tokenizer()); }

}  // namespace octet
