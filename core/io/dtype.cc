#include "core/io/dtype.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace octet {
namespace {

struct DTypeEntry {
  DType dtype;
  const char* name;
  int bits;
};

// In enum order, so DTypeName/DTypeBits can index it.
// clang-format off
constexpr DTypeEntry kDTypes[] = {
    {DType::kBool, "BOOL", 8},   {DType::kU8, "U8", 8},     {DType::kI8, "I8", 8},
    {DType::kF8E5M2, "F8_E5M2", 8},  {DType::kF8E4M3, "F8_E4M3", 8},
    {DType::kF8E8M0, "F8_E8M0", 8},
    {DType::kF8E4M3Fnuz, "F8_E4M3FNUZ", 8},  {DType::kF8E5M2Fnuz, "F8_E5M2FNUZ", 8},
    {DType::kI16, "I16", 16},    {DType::kU16, "U16", 16},  {DType::kF16, "F16", 16},
    {DType::kBF16, "BF16", 16},  {DType::kI32, "I32", 32},  {DType::kU32, "U32", 32},
    {DType::kF32, "F32", 32},    {DType::kI64, "I64", 64},  {DType::kU64, "U64", 64},
    {DType::kF64, "F64", 64},    {DType::kC64, "C64", 64},  {DType::kF4, "F4", 4},
    {DType::kF6E2M3, "F6_E2M3", 6},  {DType::kF6E3M2, "F6_E3M2", 6},
};
// clang-format on
static_assert(sizeof(kDTypes) / sizeof(kDTypes[0]) == static_cast<size_t>(DType::kF6E3M2) + 1,
              "kDTypes must list every DType in enum order");

const DTypeEntry& Entry(DType dtype) { return kDTypes[static_cast<size_t>(dtype)]; }

}  // namespace

const char* DTypeName(DType dtype) { return Entry(dtype).name; }

std::string AllDTypeNames() {
  std::string out;
  for (const DTypeEntry& e : kDTypes) absl::StrAppend(&out, out.empty() ? "" : ", ", e.name);
  return out;
}

int DTypeBits(DType dtype) { return Entry(dtype).bits; }

std::optional<DType> DTypeFromName(std::string_view name) {
  for (const DTypeEntry& e : kDTypes) {
    if (name == e.name) return e.dtype;
  }
  return std::nullopt;
}

bool IsFloatDType(DType dtype) {
  return dtype == DType::kF32 || dtype == DType::kF16 || dtype == DType::kBF16;
}

std::string ShapeToString(const std::vector<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

}  // namespace octet
