#include "core/kernels/row_kernels.h"

#include "core/kernels/cpu_features.h"

namespace octet {

const RowKernelTable& RowKernels() {
  static const RowKernelTable* table = [] {
    switch (DetectedIsa()) {
      case VectorIsa::kAvx512:
        return Avx512RowKernels();
      case VectorIsa::kAvx2:
        return Avx2RowKernels();
      case VectorIsa::kGeneric:
        break;
    }
    return GenericRowKernels();
  }();
  return *table;
}

}  // namespace octet
