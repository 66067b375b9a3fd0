// ELECTRA (transformers' modeling_electra.py): BERT's embeddings and layers, but the embedding
// tables have their own width `embedding_size`, projected to hidden_size by
// `embeddings_project` when the two differ; no pooler; the classification head on the first
// token is classifier.dense + GELU (always the exact erf form, whatever hidden_act says),
// classifier.out_proj.

#include "core/base/status_macros.h"
#include "core/models/config_fields.h"
#include "core/models/families/families.h"

namespace octet {
namespace {

absl::Status ParseElectraExtra(const ConfigFields& f, ModelConfig* c) {
  OCTET_RETURN_IF_ERROR(ParseAbsolutePositionType(f, c));
  OCTET_ASSIGN_OR_RETURN(c->embedding_size, f.Int("embedding_size", 128, 1, kMaxConfigSize));
  return absl::OkStatus();
}

constexpr ArchitectureEntry kArchitectures[] = {
    {"ElectraForSequenceClassification", TaskKind::kSequenceClassification},
    {"ElectraForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"ElectraForTokenClassification", TaskKind::kTokenClassification},
};

}  // namespace

const Family& ElectraFamily() {
  // Defaults are ElectraConfig's (electra-small-discriminator's sizes).
  static const Family kElectra = {
      ModelFamily::kElectra,
      "electra",
      "electra.",
      kArchitectures,
      {
          {"vocab_size", nullptr, 30522},
          {"hidden_size", nullptr, 256},
          {"num_hidden_layers", nullptr, 12},
          {"num_attention_heads", nullptr, 4},
          {"intermediate_size", nullptr, 1024},
          {"max_position_embeddings", nullptr, 512},
          {"type_vocab_size", nullptr, 2},
          {"pad_token_id", nullptr, 0},
          "hidden_act",
          "layer_norm_eps",
          1e-12f,
          ParseElectraExtra,
      },
      BertEmbeddingNames(PositionIds::kArange, "embeddings_project"),
      kBertLayerNames,
      {"classifier.dense", Epilogue::kGeluErf, "classifier.out_proj"},
      "qa_outputs",
      "classifier",
  };
  return kElectra;
}

}  // namespace octet
