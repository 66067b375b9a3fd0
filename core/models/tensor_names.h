#pragma once
// The canonical (prefix-free) Hugging Face tensor names a model needs, from its family's table.

#include <cstdint>
#include <string>
#include <vector>

#include "core/models/family.h"
#include "core/models/model_config.h"

namespace octet {

/// The names of one encoder layer's parameters (without ".weight" / ".bias").
struct LayerTensorNames {
  std::string query, key, value, attention_out, attention_norm, ffn_in, ffn_out, output_norm;
};

/// Layer `i`'s parameter names, e.g. "encoder.layer.3.attention.self.query" for BERT.
LayerTensorNames LayerNames(const Family& family, int64_t i);

/// Layer `i`'s own position projections (DeBERTa with share_att_key false): pos_key_proj when
/// pos_att_type has c2p, pos_query_proj when it has p2c, in that order; empty otherwise.
std::vector<std::string> PositionProjectionNames(const ModelConfig& config, int64_t i);

/// Every tensor (with ".weight" / ".bias") the model needs, so a loader can list all that are
/// missing at once.
std::vector<std::string> RequiredTensorNames(const ModelConfig& config);

}  // namespace octet
