#pragma once
// The families Octet serves, one file each; Families() (core/models/family.cc) lists them.

#include "core/models/family.h"

namespace octet {

/// BERT: BertForSequenceClassification, BertForQuestionAnswering.
const Family& BertFamily();
/// DistilBERT: DistilBertForSequenceClassification, DistilBertForQuestionAnswering.
const Family& DistilBertFamily();
/// RoBERTa (and DistilRoBERTa, a 6-layer RoBERTa): RobertaForSequenceClassification,
/// RobertaForQuestionAnswering.
const Family& RobertaFamily();
/// XLM-RoBERTa: the RoBERTa encoder under model_type "xlm-roberta".
const Family& XlmRobertaFamily();
/// CamemBERT: the RoBERTa encoder under model_type "camembert".
const Family& CamembertFamily();
/// ELECTRA: ElectraForSequenceClassification, ElectraForQuestionAnswering.
const Family& ElectraFamily();

/// The `position_embedding_type` check shared by the BERT-derived families: only "absolute"
/// (the default) is implemented.
absl::Status ParseAbsolutePositionType(const ConfigFields& f, ModelConfig* c);

}  // namespace octet
