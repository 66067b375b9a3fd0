#include "core/models/task_head.h"

#include <algorithm>

#include "core/base/status_macros.h"
#include "core/models/family.h"

namespace octet {

absl::StatusOr<std::unique_ptr<TaskHead>> TaskHead::Load(const Checkpoint& ckpt,
                                                         const ModelConfig& config,
                                                         const PrecisionPlan& plan) {
  const Family& family = FamilyOf(config.family);
  auto head = std::make_unique<TaskHead>();
  const int64_t h = config.hidden_size;
  if (config.task == TaskKind::kQuestionAnswering) {
    head->first_token_only_ = false;
    OCTET_ASSIGN_OR_RETURN(head->output_, LoadLinear(ckpt, {{family.qa_outputs}, 2, h}, plan));
    return head;
  }
  const auto labels = static_cast<int64_t>(config.labels.size());
  if (config.task == TaskKind::kTokenClassification) {
    head->first_token_only_ = false;
    OCTET_ASSIGN_OR_RETURN(head->output_,
                           LoadLinear(ckpt, {{family.token_classifier}, labels, h}, plan));
    return head;
  }
  const ClassifierHead& c = family.classifier;
  if (c.dense != nullptr) {
    OCTET_ASSIGN_OR_RETURN(head->dense_,
                           LoadLinear(ckpt, {{c.dense}, h, h, c.dense_epilogue}, plan));
  }
  OCTET_ASSIGN_OR_RETURN(head->output_, LoadLinear(ckpt, {{c.out}, labels, h}, plan));
  return head;
}

absl::Status TaskHead::Forward(const SequenceBatch& batch, const Matrix& hidden, Matrix* logits,
                               Workspace* ws) const {
  const Matrix* x = &hidden;
  if (first_token_only_) {
    const int64_t h = hidden.cols;
    ws->head_in.Resize(batch.num_sequences(), h);
    for (int64_t s = 0; s < batch.num_sequences(); ++s) {
      const float* src = hidden.row(batch.starts[s]);
      std::copy(src, src + h, ws->head_in.row(s));
    }
    x = &ws->head_in;
  }
  if (dense_) {
    OCTET_RETURN_IF_ERROR(dense_->Forward(*x, &ws->head_tmp, ws));
    x = &ws->head_tmp;
  }
  return output_->Forward(*x, logits, ws);
}

std::vector<const Linear*> TaskHead::linears() const {
  std::vector<const Linear*> all;
  if (dense_) all.push_back(dense_.get());
  all.push_back(output_.get());
  return all;
}

}  // namespace octet
