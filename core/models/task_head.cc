#include "core/models/task_head.h"

#include <algorithm>

#include "core/base/status_macros.h"

namespace octet {

absl::StatusOr<std::unique_ptr<TaskHead>> TaskHead::Load(const Checkpoint& ckpt,
                                                         const ModelConfig& config,
                                                         const PrecisionPlan& plan) {
  auto head = std::make_unique<TaskHead>();
  head->task_ = config.task;
  const int64_t h = config.hidden_size;
  if (config.task == TaskKind::kQuestionAnswering) {
    OCTET_ASSIGN_OR_RETURN(head->output_, LoadLinear(ckpt, {{"qa_outputs"}, 2, h}, plan));
    return head;
  }
  const bool bert = config.family == ModelFamily::kBert;
  OCTET_ASSIGN_OR_RETURN(head->first_, LoadLinear(ckpt,
                                                  {{bert ? "pooler.dense" : "pre_classifier"},
                                                   h,
                                                   h,
                                                   bert ? Epilogue::kTanh : Epilogue::kRelu},
                                                  plan));
  const auto labels = static_cast<int64_t>(config.labels.size());
  OCTET_ASSIGN_OR_RETURN(head->output_, LoadLinear(ckpt, {{"classifier"}, labels, h}, plan));
  return head;
}

absl::Status TaskHead::Forward(const SequenceBatch& batch, Workspace* ws, Matrix* logits) const {
  if (task_ == TaskKind::kQuestionAnswering) return output_->Forward(ws->hidden, logits, ws);
  const int64_t h = ws->hidden.cols;
  ws->head_in.Resize(batch.num_sequences(), h);
  for (int64_t s = 0; s < batch.num_sequences(); ++s) {
    const float* src = ws->hidden.row(batch.starts[s]);
    std::copy(src, src + h, ws->head_in.row(s));
  }
  OCTET_RETURN_IF_ERROR(first_->Forward(ws->head_in, &ws->head_tmp, ws));
  return output_->Forward(ws->head_tmp, logits, ws);
}

std::vector<const Linear*> TaskHead::linears() const {
  std::vector<const Linear*> all;
  if (first_) all.push_back(first_.get());
  all.push_back(output_.get());
  return all;
}

}  // namespace octet
