#include "core/runtime/op_profile.h"

#include <ctime>

namespace octet {

int64_t ProcessCpuNanoseconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

const char* OpName(Op op) {
  switch (op) {
    case Op::kEmbeddings:
      return "embeddings";
    case Op::kQkv:
      return "qkv";
    case Op::kAttention:
      return "attention";
    case Op::kAttentionOut:
      return "attention_out";
    case Op::kLayerNorm:
      return "layer_norm";
    case Op::kFfnIn:
      return "ffn_in";
    case Op::kFfnOut:
      return "ffn_out";
    case Op::kHead:
      return "head";
    case Op::kCount:
      break;
  }
  return "?";
}

}  // namespace octet
