#include "core/models/tensor_names.h"

#include "absl/strings/str_cat.h"
#include "core/models/encoder.h"

namespace octet {

LayerTensorNames LayerNames(const Family& family, int64_t i) {
  const EncoderLayerNames& n = family.layer;
  const std::string p = absl::StrCat(n.prefix, i, ".");
  return {p + n.query,          p + n.key,    p + n.value,   p + n.attention_out,
          p + n.attention_norm, p + n.ffn_in, p + n.ffn_out, p + n.output_norm};
}

std::vector<std::string> PositionProjectionNames(const ModelConfig& config, int64_t i) {
  const Family& family = FamilyOf(config.family);
  const RelativeAttentionConfig& r = config.relative;
  std::vector<std::string> names;
  if (family.relative_attention == nullptr || !r.enabled || r.share_att_key) return names;
  const std::string p = absl::StrCat(family.layer.prefix, i, ".");
  if (r.c2p) names.push_back(p + family.relative_attention->pos_key);
  if (r.p2c) names.push_back(p + family.relative_attention->pos_query);
  return names;
}

std::vector<std::string> RequiredTensorNames(const ModelConfig& config) {
  const Family& family = FamilyOf(config.family);
  const EmbeddingNames& e = family.embeddings;
  std::vector<std::string> names;
  auto add = [&](const std::string& module) {
    names.emplace_back(module + ".weight");
    names.emplace_back(module + ".bias");
  };
  names.emplace_back(e.word);
  if (HasPositionTable(config)) names.emplace_back(e.position);
  if (HasTokenTypes(config)) names.emplace_back(e.token_type);
  add(e.norm);
  if (NeedsEmbeddingProjection(config)) add(e.projection);
  for (int64_t i = 0; i < config.num_layers; ++i) {
    const LayerTensorNames l = LayerNames(family, i);
    for (const std::string* m : {&l.query, &l.key, &l.value, &l.attention_out, &l.attention_norm,
                                 &l.ffn_in, &l.ffn_out, &l.output_norm}) {
      add(*m);
    }
    for (const std::string& m : PositionProjectionNames(config, i)) add(m);
  }
  const RelativeAttentionConfig& r = config.relative;
  if (family.relative_attention != nullptr && r.enabled) {
    names.emplace_back(family.relative_attention->table);
    if (r.norm_embeddings) add(family.relative_attention->table_norm);
  }
  if (config.task == TaskKind::kQuestionAnswering) {
    add(family.qa_outputs);
  } else if (config.task == TaskKind::kTokenClassification) {
    add(family.token_classifier);
  } else {
    if (family.classifier.dense != nullptr) add(family.classifier.dense);
    add(family.classifier.out);
  }
  return names;
}

}  // namespace octet
