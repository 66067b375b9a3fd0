#pragma once
// The one definition of how many tokens a model accepts in a sequence.

#include <cstdint>

#include "core/models/model.h"
#include "core/models/model_config.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

/// Longest sequence the model accepts, special tokens included: the smaller of the tokenizer's
/// model_max_length and what the position table can number, config.max_sequence_length()
/// (max_position_embeddings, less pad_token_id + 1 for RoBERTa-style position ids).
int64_t MaxTokens(const ModelConfig& config, const Tokenizer& tokenizer);

/// MaxTokens of a loaded model's config and tokenizer.
int64_t MaxTokens(const Model& model);

}  // namespace octet
