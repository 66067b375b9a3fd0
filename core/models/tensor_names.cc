#include "core/models/tensor_names.h"

#include "absl/strings/str_cat.h"

namespace octet {

LayerTensorNames LayerNames(const ModelConfig& config, int64_t i) {
  if (config.family == ModelFamily::kDistilBert) {
    const std::string p = absl::StrCat("transformer.layer.", i, ".");
    return {p + "attention.q_lin",   p + "attention.k_lin",  p + "attention.v_lin",
            p + "attention.out_lin", p + "sa_layer_norm",    p + "ffn.lin1",
            p + "ffn.lin2",          p + "output_layer_norm"};
  }
  const std::string p = absl::StrCat("encoder.layer.", i, ".");
  return {p + "attention.self.query",
          p + "attention.self.key",
          p + "attention.self.value",
          p + "attention.output.dense",
          p + "attention.output.LayerNorm",
          p + "intermediate.dense",
          p + "output.dense",
          p + "output.LayerNorm"};
}

std::vector<std::string> RequiredTensorNames(const ModelConfig& config) {
  std::vector<std::string> names;
  auto add = [&](const std::string& module) {
    names.push_back(module + ".weight");
    names.push_back(module + ".bias");
  };
  names.push_back("embeddings.word_embeddings.weight");
  if (!(config.family == ModelFamily::kDistilBert && config.sinusoidal_pos_embds)) {
    names.push_back("embeddings.position_embeddings.weight");
  }
  if (config.family == ModelFamily::kBert)
    names.push_back("embeddings.token_type_embeddings.weight");
  add("embeddings.LayerNorm");
  for (int64_t i = 0; i < config.num_layers; ++i) {
    const LayerTensorNames l = LayerNames(config, i);
    for (const std::string* m : {&l.query, &l.key, &l.value, &l.attention_out, &l.attention_norm,
                                 &l.ffn_in, &l.ffn_out, &l.output_norm}) {
      add(*m);
    }
  }
  if (config.task == TaskKind::kQuestionAnswering) {
    add("qa_outputs");
  } else if (config.family == ModelFamily::kBert) {
    add("pooler.dense");
    add("classifier");
  } else {
    add("pre_classifier");
    add("classifier");
  }
  return names;
}

}  // namespace octet
