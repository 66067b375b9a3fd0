#include "server/warmup.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "core/runtime/tensor.h"

namespace octet::server {

std::vector<int64_t> WarmupRowCounts(int64_t max_rows) {
  std::vector<int64_t> out;
  int64_t rows = 1;
  while (true) {
    const int64_t bucket = BucketRows(rows);
    out.push_back(std::min(bucket, std::max<int64_t>(max_rows, 1)));
    if (bucket >= max_rows) break;
    rows = bucket + 1;
  }
  return out;
}

SequenceBatch SyntheticBatch(const Model& model, int64_t rows, int64_t max_len) {
  const Tokenizer& tok = model.tokenizer();
  const int64_t vocab = model.config().vocab_size;
  const int64_t first_plain = vocab > 2000 ? 1000 : std::min<int64_t>(10, vocab - 1);
  SequenceBatch batch;
  int64_t left = rows, k = 0;
  while (left > 0) {
    const int64_t n = std::min(left, max_len);
    std::vector<int32_t> ids(n);
    for (int64_t i = 0; i < n; ++i) {
      ids[i] = static_cast<int32_t>(first_plain + (k++ * 7919) % (vocab - first_plain));
    }
    if (tok.cls_id() >= 0) ids.front() = tok.cls_id();
    if (n > 1 && tok.sep_id() >= 0) ids.back() = tok.sep_id();
    batch.Add(ids, {});
    left -= n;
  }
  return batch;
}

absl::Status WarmUp(const ServedModel& served, int64_t max_batch_tokens, Workspace* ws) {
  Matrix logits;
  for (int64_t rows : WarmupRowCounts(max_batch_tokens)) {
    const SequenceBatch batch = SyntheticBatch(*served.model, rows, served.max_tokens);
    if (absl::Status s = served.model->Forward(batch, ws, &logits); !s.ok()) {
      return absl::Status(s.code(), absl::StrFormat("model '%s': warm-up with %d rows: %s",
                                                    served.name, rows, s.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace octet::server
