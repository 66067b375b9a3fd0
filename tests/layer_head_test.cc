// The task heads of each family against the PyTorch reference, on the same hidden states:
// BERT pooler (tanh) + classifier, DistilBERT pre_classifier (ReLU) + classifier, qa_outputs.

#include "core/models/task_head.h"
#include "gtest/gtest.h"
#include "tests/op_reference.h"

namespace octet {
namespace {

using ::octet::testing::ExpectMatrixNear;
using ::octet::testing::LoadOpReferenceModel;
using ::octet::testing::OpReference;
using ::octet::testing::ReferenceBatch;
using ::octet::testing::ToMatrix;

// The named model's head for `task` on the reference's hidden states.
Matrix RunHead(const std::string& name, TaskKind task) {
  auto m = LoadOpReferenceModel(name);
  // Each reference checkpoint holds both heads; the config says which one to load.
  m.config.task = task;
  PrecisionPlan plan;
  plan.base = Precision::kFp32;
  auto head = TaskHead::Load(*m.checkpoint, m.config, plan);
  EXPECT_TRUE(head.ok()) << head.status();
  if (!head.ok()) return Matrix();
  Workspace ws;
  Matrix logits;
  const Matrix hidden = ToMatrix(OpReference().at(name).at("head_input"));
  const absl::Status s = (*head)->Forward(ReferenceBatch(), hidden, &logits, &ws);
  EXPECT_TRUE(s.ok()) << s;
  return logits;
}

TEST(LayerHead, BertPoolerClassifier) {
  const Matrix logits = RunHead("bert", TaskKind::kSequenceClassification);
  EXPECT_EQ(logits.rows, 2);  // one row per sequence
  ExpectMatrixNear(logits, OpReference().at("bert").at("classifier_logits"));
}

TEST(LayerHead, DistilBertPreClassifier) {
  const Matrix logits = RunHead("distilbert", TaskKind::kSequenceClassification);
  ExpectMatrixNear(logits, OpReference().at("distilbert").at("classifier_logits"));
}

TEST(LayerHead, QuestionAnsweringScoresEveryToken) {
  for (const std::string name : {"bert", "distilbert"}) {
    SCOPED_TRACE(name);
    const Matrix logits = RunHead(name, TaskKind::kQuestionAnswering);
    EXPECT_EQ(logits.rows, 8);
    ExpectMatrixNear(logits, OpReference().at(name).at("qa_logits"));
  }
}

TEST(LayerHead, HeadLayersAreListed) {
  auto m = LoadOpReferenceModel("bert");
  auto head = TaskHead::Load(*m.checkpoint, m.config, PrecisionPlan{});
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ((*head)->linears().size(), 2u);
  EXPECT_EQ((*head)->linears()[0]->out_features(), 8);  // pooler
  EXPECT_EQ((*head)->linears()[1]->out_features(), 3);  // classifier: three labels
  m.config.task = TaskKind::kQuestionAnswering;
  head = TaskHead::Load(*m.checkpoint, m.config, PrecisionPlan{});
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ((*head)->linears().size(), 1u);
  EXPECT_EQ((*head)->linears()[0]->out_features(), 2);
}

}  // namespace
}  // namespace octet
