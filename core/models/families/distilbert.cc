// DistilBERT (transformers' modeling_distilbert.py): no token types, learned or sinusoidal
// positions, "transformer.layer.i" modules, pre_classifier + ReLU under the classifier.

#include "core/base/status_macros.h"
#include "core/models/families/families.h"

namespace octet {
namespace {

absl::Status ParseDistilBertExtra(const ConfigFields& f, ModelConfig* c) {
  OCTET_ASSIGN_OR_RETURN(c->sinusoidal_pos_embds, f.Bool("sinusoidal_pos_embds", false));
  return absl::OkStatus();
}

constexpr ArchitectureEntry kArchitectures[] = {
    {"DistilBertForSequenceClassification", TaskKind::kSequenceClassification},
    {"DistilBertForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"DistilBertForTokenClassification", TaskKind::kTokenClassification},
};

}  // namespace

const Family& DistilBertFamily() {
  // Defaults are DistilBertConfig's; its attribute_map lets hidden_size, num_hidden_layers and
  // num_attention_heads stand for dim, n_layers and n_heads.
  static const Family kDistilBert = {
      ModelFamily::kDistilBert,
      "distilbert",
      "distilbert.",
      kArchitectures,
      {
          {"vocab_size", nullptr, 30522},
          {"dim", "hidden_size", 768},
          {"n_layers", "num_hidden_layers", 6},
          {"n_heads", "num_attention_heads", 12},
          {"hidden_dim", nullptr, 3072},
          {"max_position_embeddings", nullptr, 512},
          {nullptr, nullptr, 0},  // no segment embeddings
          {"pad_token_id", nullptr, 0},
          "activation",
          nullptr,  // eps 1e-12 is hard-coded in modeling_distilbert.py, not in the config
          1e-12f,
          ParseDistilBertExtra,
      },
      {
          "embeddings.word_embeddings.weight",
          "embeddings.position_embeddings.weight",
          nullptr,
          "embeddings.LayerNorm",
          PositionIds::kArange,
          nullptr,
      },
      {
          "transformer.layer.",
          "attention.q_lin",
          "attention.k_lin",
          "attention.v_lin",
          "attention.out_lin",
          "sa_layer_norm",
          "ffn.lin1",
          "ffn.lin2",
          "output_layer_norm",
      },
      {"pre_classifier", Epilogue::kRelu, "classifier"},
      "qa_outputs",
      "classifier",
  };
  return kDistilBert;
}

}  // namespace octet
