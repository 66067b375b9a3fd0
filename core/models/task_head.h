#pragma once
// The task head on top of the encoder's last hidden states, one forward for every family; the
// family's table names the layers and the dense layer's activation:
//   classification:      logits = out(act(dense(h[first token of each sequence])))
//                        (BERT: pooler.dense + tanh, classifier; DistilBERT: pre_classifier +
//                        ReLU, classifier)
//   question answering:  [start, end] = qa_outputs(h[t]) for every token t
//   token classification: logits = classifier(h[t]) for every token t

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/io/checkpoint.h"
#include "core/layers/linear.h"
#include "core/layers/linear_loader.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/workspace.h"

namespace octet {

class TaskHead {
 public:
  /// Loads config.task's head under the names of config.family's table.
  static absl::StatusOr<std::unique_ptr<TaskHead>> Load(const Checkpoint& ckpt,
                                                        const ModelConfig& config,
                                                        const PrecisionPlan& plan);
  /// `hidden`: the encoder's last hidden states [tokens, H] of `batch`. Classification: logits
  /// [sequences, labels]; QA: [tokens, 2]; token classification: [tokens, labels] (column 0 start,
  /// column 1 end). `logits` may be any matrix but `hidden` and the workspace's head_in / head_tmp,
  /// which hold the intermediates.
  absl::Status Forward(const SequenceBatch& batch, const Matrix& hidden, Matrix* logits,
                       Workspace* ws) const;
  std::vector<const Linear*> linears() const;

 private:
  bool first_token_only_ = true;    // classification reads each sequence's first token
  std::unique_ptr<Linear> dense_;   // pooler / pre_classifier; null for QA
  std::unique_ptr<Linear> output_;  // classifier / qa_outputs / token classifier
};

}  // namespace octet
