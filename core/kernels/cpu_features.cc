#include "core/kernels/cpu_features.h"

#include <cstdlib>
#include <cstring>

#include "oneapi/dnnl/dnnl.hpp"

namespace octet {
namespace {

VectorIsa Detect() {
  VectorIsa isa = HardwareIsa();
  if (const char* cap = std::getenv("OCTET_MAX_ISA")) {
    VectorIsa limit = isa;
    if (!std::strcmp(cap, "generic")) limit = VectorIsa::kGeneric;
    if (!std::strcmp(cap, "avx2")) limit = VectorIsa::kAvx2;
    if (static_cast<int>(limit) < static_cast<int>(isa)) isa = limit;
  }
  return isa;
}

}  // namespace

VectorIsa HardwareIsa() {
  VectorIsa isa = VectorIsa::kGeneric;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) isa = VectorIsa::kAvx2;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    isa = VectorIsa::kAvx512;
  }
#endif
  return isa;
}

VectorIsa DetectedIsa() {
  static const VectorIsa isa = Detect();
  return isa;
}

const char* IsaName(VectorIsa isa) {
  switch (isa) {
    case VectorIsa::kGeneric:
      return "generic";
    case VectorIsa::kAvx2:
      return "avx2";
    case VectorIsa::kAvx512:
      return "avx512";
  }
  return "?";
}

const char* Int8KernelFamily() {
  const dnnl::cpu_isa isa = dnnl::get_effective_cpu_isa();
  switch (isa) {
    case dnnl::cpu_isa::avx512_core_amx:
      return "AMX";
    case dnnl::cpu_isa::avx512_core_vnni:
    case dnnl::cpu_isa::avx512_core_bf16:
    case dnnl::cpu_isa::avx2_vnni:
      return "VNNI";
    default:
      return "AVX2";
  }
}

}  // namespace octet
