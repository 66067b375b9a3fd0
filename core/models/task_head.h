#pragma once
// Task heads on top of the encoder's last hidden states.
//   BERT classification:       logits = classifier(tanh(pooler(h[first token])))
//   DistilBERT classification: logits = classifier(relu(pre_classifier(h[first token])))
//   Question answering:        [start, end] = qa_outputs(h[t]) for every token t

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
  static absl::StatusOr<std::unique_ptr<TaskHead>> Load(const Checkpoint& checkpoint,
                                                        const ModelConfig& config,
                                                        const PrecisionPlan& plan);
  /// Reads ws->hidden. Classification: logits [sequences, labels]; QA: [tokens, 2]
  /// (column 0 start, column 1 end).
  absl::Status Forward(const SequenceBatch& batch, Workspace* ws, Matrix* logits) const;
  std::vector<const Linear*> linears() const;

 private:
  TaskKind task_ = TaskKind::kSequenceClassification;
  std::unique_ptr<Linear> first_;   // pooler / pre_classifier (classification only)
  std::unique_ptr<Linear> output_;  // classifier / qa_outputs
};

}  // namespace octet
