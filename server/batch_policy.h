#pragma once
// Which queued jobs form the next batch. Pure functions over a snapshot of the queue, so that the
// policy is tested apart from the threads that apply it.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace octet::server {

struct BatchLimits {
  int64_t max_tokens = 2048;
  int64_t max_sequences = 64;
};

/// What the policy needs to know about one queued job.
struct QueuedJobInfo {
  const void* model = nullptr;  ///< jobs batch only with jobs of the same model
  int64_t sequences = 0;
  int64_t tokens = 0;
  int64_t longest = 0;  ///< longest sequence
};

/// Picks the next batch from `queue` (oldest first). The oldest job is always taken — alone if
/// it exceeds the limits by itself — so nothing starves. Then jobs of the same model join in
/// order of how close their longest sequence is to the oldest job's (similar lengths keep the
/// per-sequence attention work even), oldest first among equals, while the batch stays within
/// `limits`. Returns queue indices in ascending order.
std::vector<size_t> SelectBatch(const std::vector<QueuedJobInfo>& queue, const BatchLimits& limits);

/// True when a batch of `tokens` / `sequences` has no room for another sequence of `length`
/// tokens: waiting for more requests would not make it bigger.
bool BatchIsFull(int64_t tokens, int64_t sequences, int64_t length, const BatchLimits& limits);

}  // namespace octet::server
