#pragma once
// Row-wise float kernels of the encoder (softmax, LayerNorm), dispatched at run time by ISA.

#include <cstdint>

namespace octet {

/// One implementation of the row kernels, for one ISA.
struct RowKernelTable {
  /// In-place softmax of x[0..n); keys with key_mask[j] == 0 get 0 (key_mask may be null).
  void (*softmax)(float* x, int64_t n, const int32_t* key_mask);
  /// The same softmax written as bfloat16 (round to nearest even) to out[0..n), for a BF16
  /// matmul that reads the probabilities: no FP32 copy to convert afterwards. x is clobbered.
  void (*softmax_bf16)(float* x, int64_t n, const int32_t* key_mask, uint16_t* out);
  /// out = LN(a + b) · gamma + beta over n values (b may be null; out may alias a or b).
  void (*layer_norm)(const float* a, const float* b, const float* gamma, const float* beta,
                     float eps, int64_t n, float* out);
  /// out[i] = bfloat16(x[i]), round to nearest even (finite inputs).
  void (*to_bf16)(const float* x, int64_t n, uint16_t* out);
  /// out[i] = float(h[i]) for IEEE binary16 inputs.
  void (*half_to_float)(const uint16_t* h, int64_t n, float* out);
};

const RowKernelTable* GenericRowKernels();
const RowKernelTable* Avx2RowKernels();
const RowKernelTable* Avx512RowKernels();

/// The table for this CPU (DetectedIsa()).
const RowKernelTable& RowKernels();

}  // namespace octet
