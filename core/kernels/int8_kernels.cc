#include "core/kernels/int8_kernels.h"

#include <vector>

#include "core/kernels/cpu_features.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {
namespace {

// One row of FP32 values per thread, reused: the fused kernels' intermediate, kept in L1.
float* ThreadRowBuffer(int64_t cols) {
  thread_local std::vector<float> buffer;
  if (static_cast<int64_t>(buffer.size()) < cols) buffer.resize(static_cast<size_t>(cols));
  return buffer.data();
}

}  // namespace

const Int8KernelTable& Int8Kernels() {
  static const Int8KernelTable* table = [] {
    switch (DetectedIsa()) {
      case VectorIsa::kAvx512:
        return Avx512Int8Kernels();
      case VectorIsa::kAvx2:
        return Avx2Int8Kernels();
      case VectorIsa::kGeneric:
        break;
    }
    return GenericInt8Kernels();
  }();
  return *table;
}

int32_t ActivationQuantMax() {
  static const int32_t qmax = [] {
    switch (dnnl::get_effective_cpu_isa()) {
      case dnnl::cpu_isa::avx512_core_vnni:
      case dnnl::cpu_isa::avx512_core_bf16:
      case dnnl::cpu_isa::avx512_core_amx:
      case dnnl::cpu_isa::avx2_vnni:
        return 255;
      default:
        return 127;
    }
  }();
  return qmax;
}

void QuantizeRowsU8(const float* x, int64_t rows, int64_t cols, int64_t ld_x, uint8_t* q,
                    int64_t ld_q, float* scale, int32_t* zero_point, int32_t qmax) {
  const Int8KernelTable& k = Int8Kernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    k.quantize_row(x + r * ld_x, cols, q + r * ld_q, scale + r, zero_point + r, qmax);
  }
}

void DequantizeEpilogue(const int32_t* acc, int64_t rows, int64_t cols, int64_t ld_acc,
                        const float* row_scale, const int32_t* row_zp, const float* col_scale,
                        const int32_t* col_sum, const float* bias, Epilogue epilogue, float* y,
                        int64_t ld_y) {
  const Int8KernelTable& k = Int8Kernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    k.epilogue_row(acc + r * ld_acc, cols, row_scale[r], row_zp[r], col_scale, col_sum, bias,
                   epilogue, y + r * ld_y);
  }
}

void DequantizeQuantizeRows(const int32_t* acc, int64_t rows, int64_t cols, int64_t ld_acc,
                            const float* row_scale, const int32_t* row_zp, const float* col_scale,
                            const int32_t* col_sum, const float* bias, Epilogue epilogue,
                            uint8_t* q, int64_t ld_q, float* out_scale, int32_t* out_zp,
                            int32_t qmax) {
  const Int8KernelTable& k = Int8Kernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    float* y = ThreadRowBuffer(cols);
    const float in_scale = row_scale[r];
    const int32_t in_zp = row_zp[r];
    k.epilogue_row(acc + r * ld_acc, cols, in_scale, in_zp, col_scale, col_sum, bias, epilogue, y);
    k.quantize_row(y, cols, q + r * ld_q, out_scale + r, out_zp + r, qmax);
  }
}

void DequantizeRowsTo(const int32_t* acc, int64_t rows, int64_t cols, int64_t ld_acc,
                      const float* row_scale, const int32_t* row_zp, const float* col_scale,
                      const int32_t* col_sum, const float* bias, Epilogue epilogue,
                      const RowSink& sink) {
  const Int8KernelTable& k = Int8Kernels();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    float* y = ThreadRowBuffer(cols);
    k.epilogue_row(acc + r * ld_acc, cols, row_scale[r], row_zp[r], col_scale, col_sum, bias,
                   epilogue, y);
    sink(r, y);
  }
}

}  // namespace octet
