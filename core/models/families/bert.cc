// BERT (transformers' modeling_bert.py): learned positions and token types, "encoder.layer.i"
// modules, a tanh pooler on the first token under the classifier.

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/models/families/families.h"

namespace octet {

absl::Status ParseAbsolutePositionType(const ConfigFields& f, ModelConfig* c) {
  OCTET_ASSIGN_OR_RETURN(std::string position_type,
                         f.String("position_embedding_type", "absolute"));
  if (position_type != "absolute") {
    return f.Error("position_embedding_type",
                   absl::StrFormat("'%s' is not supported, expected 'absolute'", position_type));
  }
  c->sinusoidal_pos_embds = false;
  return absl::OkStatus();
}

namespace {

constexpr ArchitectureEntry kArchitectures[] = {
    {"BertForSequenceClassification", TaskKind::kSequenceClassification},
    {"BertForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"BertForTokenClassification", TaskKind::kTokenClassification},
};

}  // namespace

const Family& BertFamily() {
  // Defaults are BertConfig's.
  static const Family kBert = {
      ModelFamily::kBert,
      "bert",
      "bert.",
      kArchitectures,
      {
          {"vocab_size", nullptr, 30522},
          {"hidden_size", nullptr, 768},
          {"num_hidden_layers", nullptr, 12},
          {"num_attention_heads", nullptr, 12},
          {"intermediate_size", nullptr, 3072},
          {"max_position_embeddings", nullptr, 512},
          {"type_vocab_size", nullptr, 2},
          {"pad_token_id", nullptr, 0},
          "hidden_act",
          "layer_norm_eps",
          1e-12f,
          ParseAbsolutePositionType,
      },
      BertEmbeddingNames(PositionIds::kArange, nullptr),
      kBertLayerNames,
      {"pooler.dense", Epilogue::kTanh, "classifier"},
      "qa_outputs",
      "classifier",
  };
  return kBert;
}

}  // namespace octet
