#pragma once
// Which vector instruction sets this CPU has, detected once at run time. The build targets
// baseline x86-64; kernels for newer ISAs are compiled with target attributes and chosen here.

namespace octet {

enum class VectorIsa { kGeneric, kAvx2, kAvx512 };

/// The best ISA our own kernels can use on this CPU (AVX-512 = F+BW+DQ+VL; AVX2 = AVX2+FMA).
/// The environment variable OCTET_MAX_ISA=generic|avx2|avx512 caps it (tests use this to run
/// every path on one machine).
VectorIsa DetectedIsa();

/// What the hardware has, ignoring OCTET_MAX_ISA (tests that compare every kernel table use it).
VectorIsa HardwareIsa();

const char* IsaName(VectorIsa isa);

/// The int8 matmul family oneDNN uses here: "AMX", "VNNI" or "AVX2" (for reports and metrics).
const char* Int8KernelFamily();

}  // namespace octet
