#pragma once
// The families Octet serves, one file each; Families() (core/models/family.cc) lists them.

#include "core/models/family.h"

namespace octet {

/// BERT: BertForSequenceClassification, BertForQuestionAnswering.
const Family& BertFamily();
/// DistilBERT: DistilBertForSequenceClassification, DistilBertForQuestionAnswering.
const Family& DistilBertFamily();

}  // namespace octet
