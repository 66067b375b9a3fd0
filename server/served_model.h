#pragma once
// One model as the server holds it: the immutable engine model plus its serving state, the
// start-up self-check result and counters.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/models/model.h"

namespace octet::server {

/// Result of comparing the served model with an FP32 copy (server/self_check.h).
struct SelfCheckResult {
  bool ran = false;
  int inputs = 0;
  int agreeing = 0;
  double max_abs_logit_diff = 0;
  double max_abs_score_diff = 0;
  double seconds = 0;
  std::string summary;
};

/// Counters since start-up; updated by the batcher and the workers without locks.
struct ModelCounters {
  std::atomic<int64_t> requests_admitted{0};
  std::atomic<int64_t> batches{0};
  std::atomic<int64_t> sequences_computed{0};
  std::atomic<int64_t> tokens_computed{0};
  std::atomic<int64_t> deadline_skipped{0};
  std::atomic<int64_t> cancelled_skipped{0};
  /// Refused at admission with RESOURCE_EXHAUSTED (queue full).
  std::atomic<int64_t> queue_full_rejected{0};
  /// Gauges: requests waiting in the queue; admitted and not yet answered.
  std::atomic<int64_t> queued{0};
  std::atomic<int64_t> inflight{0};
};

enum class ModelState { kWarming, kServing, kDraining };

struct ServedModel {
  /// The name requests use (--model NAME=DIR).
  std::string name;
  /// The engine model; shared read-only by every worker. Null only in unit tests.
  std::unique_ptr<const Model> model;
  /// Longest sequence the model accepts: min(tokenizer model_max_length, max_position_embeddings).
  int64_t max_tokens = 0;
  SelfCheckResult self_check;
  /// Statistics, not model state: updated through const references too.
  mutable ModelCounters counters;
  std::atomic<ModelState> state{ModelState::kWarming};
  /// The process's VmRSS and VmHWM when the server turned SERVING (after the self-checks and
  /// warm-up); process-wide, the same in every ServedModel; 0 before.
  std::atomic<int64_t> served_rss_bytes{0};
  std::atomic<int64_t> startup_peak_rss_bytes{0};
};

}  // namespace octet::server
