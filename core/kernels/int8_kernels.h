#pragma once
// The vector kernels around the int8 matmul: per-row activation quantization before it and the
// fused dequantize + bias + activation epilogue after it. Dispatched at run time by CPU ISA.

#include <cstdint>
#include <functional>

#include "core/kernels/epilogue.h"

namespace octet {

/// Per-row asymmetric u8 quantization of x [rows, cols] (row stride ld_x) onto [0, qmax]:
///   scale[r] = (max(x_r, 0) − min(x_r, 0)) / qmax,  zp[r] = round(−min(x_r, 0) / scale[r]),
///   q[r, c] = clamp(round(x[r, c] / scale[r]) + zp[r], 0, qmax)   (round half to even).
/// The range always holds 0, so zero is exact. An all-zero row gets scale 1, zp 0.
/// qmax is 255, or 127 where the int8 GEMM lacks VNNI (see ActivationQuantMax).
void QuantizeRowsU8(const float* x, int64_t rows, int64_t cols, int64_t ld_x, uint8_t* q,
                    int64_t ld_q, float* scale, int32_t* zero_point, int32_t qmax);

/// 255 where oneDNN's int8 GEMM multiplies with VNNI / AMX (exact int32 sums). Without VNNI it
/// adds pairs of u8·s8 products in saturating int16 (vpmaddubsw), so activations keep 7 bits:
/// 127 (the "reduce range" of other int8 engines on such CPUs).
int32_t ActivationQuantMax();

/// The int8 linear epilogue over acc [rows, cols] (int32, row stride ld_acc):
///   y[r, n] = act((acc[r, n] − zp[r]·col_sum[n]) · scale[r] · col_scale[n] + bias[n]).
void DequantizeEpilogue(const int32_t* acc, int64_t rows, int64_t cols, int64_t ld_acc,
                        const float* row_scale, const int32_t* row_zp, const float* col_scale,
                        const int32_t* col_sum, const float* bias, Epilogue epilogue, float* y,
                        int64_t ld_y);

/// DequantizeEpilogue fused with the next int8 matmul's input quantization (the FFN-in epilogue
/// writing FFN-out's u8 input): each row's epilogue output goes to a per-thread row buffer that
/// stays in L1, never to memory, and is quantized from there exactly as QuantizeRowsU8 does, into
/// q (row stride ld_q) with the row's scale and zero point. Bit-identical to DequantizeEpilogue
/// followed by QuantizeRowsU8. out_scale / out_zp may be row_scale / row_zp: a row reads its
/// input parameters before it writes its output ones.
void DequantizeQuantizeRows(const int32_t* acc, int64_t rows, int64_t cols, int64_t ld_acc,
                            const float* row_scale, const int32_t* row_zp, const float* col_scale,
                            const int32_t* col_sum, const float* bias, Epilogue epilogue,
                            uint8_t* q, int64_t ld_q, float* out_scale, int32_t* out_zp,
                            int32_t qmax);

/// Receives one finished row of an epilogue: (row index, its cols values, in a per-thread buffer
/// valid only during the call). Called from the team's threads at once, one call per row.
using RowSink = std::function<void(int64_t row, const float* values)>;

/// DequantizeEpilogue whose rows go to `sink` (from a per-thread L1 buffer) instead of memory:
/// for a consumer that stores them in a layout of its own (attention's BF16 Q, K, V blocks).
void DequantizeRowsTo(const int32_t* acc, int64_t rows, int64_t cols, int64_t ld_acc,
                      const float* row_scale, const int32_t* row_zp, const float* col_scale,
                      const int32_t* col_sum, const float* bias, Epilogue epilogue,
                      const RowSink& sink);

/// One implementation of the two kernels, for one ISA.
struct Int8KernelTable {
  void (*quantize_row)(const float* x, int64_t cols, uint8_t* q, float* scale, int32_t* zp,
                       int32_t qmax);
  void (*epilogue_row)(const int32_t* acc, int64_t cols, float row_scale, int32_t row_zp,
                       const float* col_scale, const int32_t* col_sum, const float* bias,
                       Epilogue epilogue, float* y);
};

/// The per-ISA tables, each defined in its own file.
const Int8KernelTable* GenericInt8Kernels();
const Int8KernelTable* Avx2Int8Kernels();
const Int8KernelTable* Avx512Int8Kernels();

/// The table for this CPU (DetectedIsa()), for callers that fuse a row kernel of their own with
/// the row quantizer (LayerNorm followed by quantization).
const Int8KernelTable& Int8Kernels();

/// Scalar reference of the row quantizer's parameters, shared by every ISA so that all of them
/// agree on scale and zero point for the same min and max.
inline void QuantParams(float min_v, float max_v, int32_t qmax, float* scale, int32_t* zp,
                        float* inv_scale);

}  // namespace octet

#include "core/kernels/int8_kernels_inl.h"
