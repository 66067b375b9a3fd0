#pragma once
// The element types of stored tensors (the safetensors format's `Dtype` strings) and shape
// formatting for messages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace octet {

/// Element types of the safetensors format (the strings of its `Dtype` enum).
enum class DType {
  kBool,
  kU8,
  kI8,
  kF8E5M2,
  kF8E4M3,
  kF8E8M0,
  kF8E4M3Fnuz,
  kF8E5M2Fnuz,
  kI16,
  kU16,
  kF16,
  kBF16,
  kI32,
  kU32,
  kF32,
  kI64,
  kU64,
  kF64,
  kC64,
  kF4,
  kF6E2M3,
  kF6E3M2,
};

/// The dtype's spelling in a safetensors header, e.g. "F32", "F8_E4M3".
const char* DTypeName(DType dtype);
/// Parses a header dtype string; nullopt when unknown. Case-sensitive, as in the format.
std::optional<DType> DTypeFromName(std::string_view name);
/// Every dtype spelling, comma-separated, for "expected one of ..." messages.
std::string AllDTypeNames();
/// Bits per element: 4 (F4), 6 (F6_*), 8, 16, 32 or 64.
int DTypeBits(DType dtype);
/// True for the dtypes ReadFloat converts: F32, F16, BF16.
bool IsFloatDType(DType dtype);

/// Formats a shape as "[2, 6]" (a scalar is "[]"), for error messages.
std::string ShapeToString(const std::vector<int64_t>& shape);

}  // namespace octet
