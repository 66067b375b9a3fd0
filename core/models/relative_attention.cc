#include "core/models/relative_attention.h"

#include <string>
#include <vector>

#include "core/base/status_macros.h"
#include "core/layers/layer_norm.h"
#include "core/layers/linear_loader.h"
#include "core/models/family.h"
#include "core/models/tensor_names.h"
#include "core/runtime/workspace.h"

namespace octet {
namespace {

// table · Wᵀ + b of one module, in FP32 whatever precision the model's linear layers have.
absl::StatusOr<Matrix> Project(const Checkpoint& ckpt, const std::string& module, int64_t h,
                               const Matrix& table) {
  PrecisionPlan fp32;
  fp32.base = Precision::kFp32;
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<Linear> linear, LoadLinear(ckpt, {{module}, h, h}, fp32));
  Workspace ws(1);
  Matrix out;
  OCTET_RETURN_IF_ERROR(linear->Forward(table, &out, &ws));
  return out;
}

}  // namespace

absl::StatusOr<Matrix> LoadRelativeTable(const Checkpoint& ckpt, const ModelConfig& config) {
  const RelativeAttentionNames* names = FamilyOf(config.family).relative_attention;
  const RelativeAttentionConfig& r = config.relative;
  if (names == nullptr || !r.enabled) return Matrix();
  const int64_t h = config.hidden_size, rows = 2 * r.span();
  OCTET_ASSIGN_OR_RETURN(std::vector<float> values, ckpt.ReadFloat(names->table, {rows, h}));
  Matrix table(rows, h);
  table.data = std::move(values);
  if (r.norm_embeddings) {
    const std::string norm = names->table_norm;
    LayerNormWeights w;
    OCTET_ASSIGN_OR_RETURN(w.gamma, ckpt.ReadFloat(norm + ".weight", {h}));
    OCTET_ASSIGN_OR_RETURN(w.beta, ckpt.ReadFloat(norm + ".bias", {h}));
    w.eps = config.layer_norm_eps;
    LayerNorm(table, nullptr, w, &table);
  }
  return table;
}

absl::StatusOr<std::unique_ptr<DisentangledAttention>> LoadDisentangledAttention(
    const Checkpoint& ckpt, const ModelConfig& config, int64_t i, const Matrix& table,
    AttentionType type) {
  const RelativeAttentionConfig& r = config.relative;
  DisentangledAttention::Spec spec;
  spec.hidden = config.hidden_size;
  spec.heads = config.num_heads;
  spec.type = type;
  spec.relative = r.enabled;
  spec.c2p = r.c2p;
  spec.p2c = r.p2c;
  spec.positions.buckets = r.buckets;
  spec.positions.max_position = r.max_relative_positions;
  Matrix pos_key, pos_query;
  if (r.enabled) {
    const LayerTensorNames layer = LayerNames(FamilyOf(config.family), i);
    const std::vector<std::string> own = PositionProjectionNames(config, i);
    size_t next = 0;  // own lists pos_key_proj (c2p) before pos_query_proj (p2c)
    if (r.c2p) {
      OCTET_ASSIGN_OR_RETURN(pos_key, Project(ckpt, r.share_att_key ? layer.key : own[next++],
                                              config.hidden_size, table));
    }
    if (r.p2c) {
      OCTET_ASSIGN_OR_RETURN(pos_query, Project(ckpt, r.share_att_key ? layer.query : own[next],
                                                config.hidden_size, table));
    }
  }
  return DisentangledAttention::Create(spec, pos_key, pos_query);
}

}  // namespace octet
