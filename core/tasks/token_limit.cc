#include "core/tasks/token_limit.h"

#include <algorithm>

namespace octet {

int64_t MaxTokens(const ModelConfig& config, const Tokenizer& tokenizer) {
  // Both limits bind: the tokenizer's is what the checkpoint was trained with, the position
  // table's is what the model can address at all.
  // RoBERTa's position table has pad_token_id + 1 rows before the first token's (514 rows:
  // 512 tokens).
  return std::min(tokenizer.model_max_length(), config.max_sequence_length());
}

int64_t MaxTokens(const Model& model) { return MaxTokens(model.config(), model.tokenizer()); }

}  // namespace octet
