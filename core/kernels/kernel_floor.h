#pragma once
// The least time the vector work around an int8 encoder layer's matmuls can take on this CPU:
// each kernel of the layer (dequantize + bias epilogues, the FFN activation, the per-row u8
// quantizations, LayerNorm with its residual, the BF16 conversions, the softmax) timed alone on
// rows that stay in L1, so that no memory traffic is counted, then multiplied by how many values
// it handles per layer. However well the passes were fused into the matmuls, this arithmetic
// would remain: it runs on the same vector units as the GEMM. Used by `octet bench-engine`.

#include <cstdint>

#include "core/kernels/epilogue.h"

namespace octet {

/// The shape of one post-LN encoder layer as the int8 engine runs it.
struct LayerShape {
  int64_t tokens = 0;     ///< rows of the linear layers (all sequences together)
  int64_t sequences = 1;  ///< sequences of `seq` tokens each (for the attention softmax)
  int64_t seq = 0;
  int64_t hidden = 0;
  int64_t intermediate = 0;
  int64_t heads = 0;
  Epilogue ffn_activation = Epilogue::kGeluErf;
  bool bf16_attention = false;  ///< Q, K, V and the probabilities written in BF16
};

/// Nanoseconds per value of each kernel (one thread, L1-resident rows of the layer's widths),
/// and their sum over one layer.
struct KernelFloor {
  double epilogue_ns = 0;    ///< dequantize + bias, no activation (QKV, attention out, FFN out)
  double activation_ns = 0;  ///< the same with the FFN activation (FFN in)
  double quantize_ns = 0;    ///< per-row u8 quantization (the four matmul inputs)
  double layer_norm_ns = 0;  ///< LayerNorm(x + residual)
  double to_bf16_ns = 0;     ///< Q, K, V to BF16 (BF16 attention only)
  double softmax_ns = 0;     ///< masked softmax of one score row (BF16 output if BF16 attention)
  double layer_ms = 0;       ///< all of them for one layer of the shape, one thread
};

/// Times the kernels for `shape`; each figure is the best of a few repeated timings.
KernelFloor MeasureKernelFloor(const LayerShape& shape);

}  // namespace octet
