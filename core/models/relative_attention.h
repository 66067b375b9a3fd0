#pragma once
// Loading DeBERTa-v2's disentangled attention: the relative-position table (normalised once per
// model) and, per layer, its key / query projections, computed at load in FP32 from the
// checkpoint's FP32 weights because they do not depend on the input.

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "core/io/checkpoint.h"
#include "core/layers/disentangled_attention.h"
#include "core/models/model_config.h"
#include "core/runtime/tensor.h"

namespace octet {

/// The family's relative-position table [2 × span, H], after its LayerNorm when norm_rel_ebd
/// is "layer_norm"; an empty matrix when the model has no relative attention.
absl::StatusOr<Matrix> LoadRelativeTable(const Checkpoint& ckpt, const ModelConfig& config);

/// Layer `i`'s disentangled attention: c2p reads key_proj(table) (share_att_key) or
/// pos_key_proj(table), p2c query_proj(table) or pos_query_proj(table).
absl::StatusOr<std::unique_ptr<DisentangledAttention>> LoadDisentangledAttention(
    const Checkpoint& ckpt, const ModelConfig& config, int64_t i, const Matrix& table,
    AttentionType type);

}  // namespace octet
