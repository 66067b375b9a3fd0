// RoBERTa (transformers' modeling_roberta.py) and the classes that reuse its encoder unchanged:
// XLM-RoBERTa, CamemBERT, DistilRoBERTa (a 6-layer RoBERTa). BERT's tensor names and layers;
// what differs is the position ids (numbered from pad_token_id + 1, pad ids skipped), a
// single token type, no pooler, and the classification head on <s>: classifier.dense + tanh,
// classifier.out_proj. One row per model_type, all built by RobertaLike().

#include "core/base/status_macros.h"
#include "core/models/families/families.h"

namespace octet {
namespace {

absl::Status ParseRobertaExtra(const ConfigFields& f, ModelConfig* c) {
  OCTET_RETURN_IF_ERROR(ParseAbsolutePositionType(f, c));
  // create_position_ids_from_input_ids: the first token is row padding_idx + 1.
  c->position_offset = c->pad_token_id + 1;
  return absl::OkStatus();
}

// Defaults are RobertaConfig's (= BertConfig's but pad_token_id 1); XLMRobertaConfig and
// CamembertConfig have the same. Released checkpoints set max_position_embeddings 514,
// type_vocab_size 1 and layer_norm_eps 1e-5 in config.json.
Family RobertaLike(ModelFamily id, const char* model_type,
                   absl::Span<const ArchitectureEntry> architectures) {
  return {
      id,
      model_type,
      "roberta.",  // XLMRobertaFor* and CamembertFor* keep RoBERTa's attribute name
      architectures,
      {
          {"vocab_size", nullptr, 30522},
          {"hidden_size", nullptr, 768},
          {"num_hidden_layers", nullptr, 12},
          {"num_attention_heads", nullptr, 12},
          {"intermediate_size", nullptr, 3072},
          {"max_position_embeddings", nullptr, 512},
          {"type_vocab_size", nullptr, 2},
          {"pad_token_id", nullptr, 1},
          "hidden_act",
          "layer_norm_eps",
          1e-12f,
          ParseRobertaExtra,
      },
      BertEmbeddingNames(PositionIds::kPaddingOffset, nullptr),
      kBertLayerNames,
      {"classifier.dense", Epilogue::kTanh, "classifier.out_proj"},
      "qa_outputs",
      "classifier",
  };
}

constexpr ArchitectureEntry kRobertaArchitectures[] = {
    {"RobertaForSequenceClassification", TaskKind::kSequenceClassification},
    {"RobertaForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"RobertaForTokenClassification", TaskKind::kTokenClassification},
};
constexpr ArchitectureEntry kXlmRobertaArchitectures[] = {
    {"XLMRobertaForSequenceClassification", TaskKind::kSequenceClassification},
    {"XLMRobertaForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"XLMRobertaForTokenClassification", TaskKind::kTokenClassification},
};
constexpr ArchitectureEntry kCamembertArchitectures[] = {
    {"CamembertForSequenceClassification", TaskKind::kSequenceClassification},
    {"CamembertForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"CamembertForTokenClassification", TaskKind::kTokenClassification},
};

}  // namespace

const Family& RobertaFamily() {
  static const Family kRoberta =
      RobertaLike(ModelFamily::kRoberta, "roberta", kRobertaArchitectures);
  return kRoberta;
}

const Family& XlmRobertaFamily() {
  static const Family kXlmRoberta =
      RobertaLike(ModelFamily::kXlmRoberta, "xlm-roberta", kXlmRobertaArchitectures);
  return kXlmRoberta;
}

const Family& CamembertFamily() {
  static const Family kCamembert =
      RobertaLike(ModelFamily::kCamembert, "camembert", kCamembertArchitectures);
  return kCamembert;
}

}  // namespace octet
