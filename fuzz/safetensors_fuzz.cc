// Fuzzes SafetensorsFile::Open on arbitrary bytes and, when a file is accepted, reads every
// float tensor: a header that passes validation must never lead to a read out of bounds.

#include <cstddef>
#include <cstdint>

#include "core/io/safetensors.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = octet::fuzz::WriteScratchFile("model.safetensors", data, size);
  auto file = octet::SafetensorsFile::Open(path);
  if (!file.ok()) return 0;
  for (const auto& [name, info] : (*file)->tensors()) {
    const auto bytes = (*file)->RawBytes(info);
    if (bytes.size() != info.num_bytes()) __builtin_trap();
    if (octet::IsFloatDType(info.dtype)) {
      auto values = (*file)->ReadFloat(info);
      if (values.ok() && static_cast<int64_t>(values->size()) != info.num_elements()) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
