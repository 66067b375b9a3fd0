#pragma once
// Warm-up: before a worker reports ready it runs each model once per common row bucket, so the
// oneDNN primitives for those shapes exist, the workspace buffers are sized and the OpenMP team
// is up before the first real request.

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "core/runtime/workspace.h"
#include "server/served_model.h"

namespace octet::server {

/// The batch row counts warm-up runs: every BucketRows() bucket up to `max_rows`.
std::vector<int64_t> WarmupRowCounts(int64_t max_rows);

/// A synthetic padding-free batch of `rows` tokens in sequences of at most `max_len` tokens
/// ([CLS] … [SEP], ids inside the vocabulary).
SequenceBatch SyntheticBatch(const Model& model, int64_t rows, int64_t max_len);

/// Runs `served` on SyntheticBatch for every WarmupRowCounts(max_batch_tokens) on `ws`.
absl::Status WarmUp(const ServedModel& served, int64_t max_batch_tokens, Workspace* ws);

}  // namespace octet::server
