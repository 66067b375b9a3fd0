#pragma once
// The element-wise function a matmul's epilogue applies to x·Wᵀ + b. Kernels and layers share it;
// it lives with the kernels so that no kernel includes a layer.

namespace octet {

/// What is applied to x·Wᵀ + b inside the matmul's epilogue.
enum class Epilogue { kNone, kGeluErf, kGeluTanh, kRelu, kTanh };

}  // namespace octet
