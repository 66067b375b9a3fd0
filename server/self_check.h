#pragma once
// The start-up self-check: the served model and an FP32 copy of the same weights run on a few
// built-in inputs; their agreement is recorded (GetModel reports it) so that an operator sees
// what int8 costs on this model before traffic arrives.

#include <vector>

#include "absl/status/statusor.h"
#include "core/tasks/text_classification.h"
#include "server/served_model.h"

namespace octet::server {

/// The built-in inputs of a classification model's self-check (single texts and pairs).
const std::vector<TextInput>& SelfCheckClassificationInputs();

/// Loads an FP32 copy of `served` from its folder, runs both models on the built-in inputs with
/// `threads` threads and compares top labels (classification) or best answer spans (QA), logits
/// and scores. A model served in FP32 gets ran = false. An error running the served model is
/// returned (the model is broken); failing to load the FP32 copy is only recorded.
absl::StatusOr<SelfCheckResult> RunSelfCheck(const ServedModel& served, int threads);

}  // namespace octet::server
