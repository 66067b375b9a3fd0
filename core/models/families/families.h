#pragma once
// The families Octet serves, one file each; Families() (core/models/family.cc) lists them.

#include "core/models/family.h"

namespace octet {

/// BERT: BertForSequenceClassification, BertForQuestionAnswering, BertForTokenClassification.
const Family& BertFamily();
/// DistilBERT: DistilBertForSequenceClassification, DistilBertForQuestionAnswering,
/// DistilBertForTokenClassification.
const Family& DistilBertFamily();
/// RoBERTa (and DistilRoBERTa, a 6-layer RoBERTa): RobertaForSequenceClassification,
/// RobertaForQuestionAnswering, RobertaForTokenClassification.
const Family& RobertaFamily();
/// XLM-RoBERTa: the RoBERTa encoder under model_type "xlm-roberta".
const Family& XlmRobertaFamily();
/// CamemBERT: the RoBERTa encoder under model_type "camembert".
const Family& CamembertFamily();
/// ELECTRA: ElectraForSequenceClassification, ElectraForQuestionAnswering,
/// ElectraForTokenClassification.
const Family& ElectraFamily();
/// DeBERTa-v2 and DeBERTa-v3 (model_type "deberta-v2"): DebertaV2ForSequenceClassification,
/// DebertaV2ForQuestionAnswering, DebertaV2ForTokenClassification.
const Family& DebertaV2Family();

/// BERT's encoder-layer module names, shared by the families whose layers are BERT's (BERT,
/// RoBERTa and its relatives, ELECTRA).
inline constexpr EncoderLayerNames kBertLayerNames = {
    "encoder.layer.",       "attention.self.query",   "attention.self.key",
    "attention.self.value", "attention.output.dense", "attention.output.LayerNorm",
    "intermediate.dense",   "output.dense",           "output.LayerNorm",
};

/// BERT's embedding tensor names (word, position and token-type tables, LayerNorm), with the
/// family's position numbering and optional projection to hidden_size (nullptr: none).
constexpr EmbeddingNames BertEmbeddingNames(PositionIds position_ids, const char* projection) {
  return {
      "embeddings.word_embeddings.weight",
      "embeddings.position_embeddings.weight",
      "embeddings.token_type_embeddings.weight",
      "embeddings.LayerNorm",
      position_ids,
      projection,
  };
}

/// The `position_embedding_type` check shared by the BERT-derived families: only "absolute"
/// (the default) is implemented.
absl::Status ParseAbsolutePositionType(const ConfigFields& f, ModelConfig* c);

}  // namespace octet
