#pragma once
// Test-only helpers: write safetensors files (valid ones, or raw bytes for corrupted ones) into a
// fresh temporary folder. Header-only so every test binary can include it without CMake changes.

#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "nlohmann/json.hpp"

namespace octet::testing {

/// A new directory made with mkdtemp under the system temp folder; removed with its contents
/// when the object is destroyed. Aborts the test binary if it cannot be created.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "octet_test_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// path() + "/" + name.
  std::string Join(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

/// Writes `bytes` to `path` (binary, truncating); aborts on failure.
inline void WriteFileOrDie(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::abort();
  }
}

/// The raw little-endian bytes of a vector of trivially copyable values (x86 is little-endian).
template <typename T>
std::string LeBytes(const std::vector<T>& values) {
  std::string out(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

/// The 8-byte little-endian header length prefix.
inline std::string LengthPrefix(uint64_t n) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return out;
}

/// A file made of an explicit header text and data section (no validation, no padding): the
/// tool for corrupted files.
inline std::string RawSafetensors(std::string_view header, std::string_view data) {
  return LengthPrefix(header.size()) + std::string(header) + std::string(data);
}

/// Builds valid safetensors files. Tensors are laid out contiguously in the order they are added
/// (not sorted by name), so tests also cover files whose offset order differs from name order.
class SafetensorsWriter {
 public:
  SafetensorsWriter& Add(const std::string& name, const std::string& dtype,
                         const std::vector<int64_t>& shape, std::string bytes) {
    tensors_.push_back({name, dtype, shape, std::move(bytes)});
    return *this;
  }
  SafetensorsWriter& AddF32(const std::string& name, const std::vector<int64_t>& shape,
                            const std::vector<float>& values) {
    return Add(name, "F32", shape, LeBytes(values));
  }
  SafetensorsWriter& SetMetadata(const std::string& key, const std::string& value) {
    metadata_[key] = value;
    return *this;
  }

  /// The JSON header without padding.
  std::string HeaderJson() const {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata_.empty()) header["__metadata__"] = metadata_;
    uint64_t offset = 0;
    for (const Tensor& t : tensors_) {
      header[t.name] = {{"dtype", t.dtype},
                        {"shape", t.shape},
                        {"data_offsets", {offset, offset + t.bytes.size()}}};
      offset += t.bytes.size();
    }
    return header.dump();
  }

  /// The concatenated tensor bytes.
  std::string Data() const {
    std::string data;
    for (const Tensor& t : tensors_) data += t.bytes;
    return data;
  }

  /// The whole file. The header is padded with spaces so that the data section starts at a file
  /// offset ≡ `data_start_mod8` (mod 8); 0 is what the reference writer does, other values make
  /// every tensor misaligned on purpose.
  std::string Build(int data_start_mod8 = 0) const {
    std::string header = HeaderJson();
    while ((8 + header.size()) % 8 != static_cast<size_t>(data_start_mod8)) header += ' ';
    return RawSafetensors(header, Data());
  }

  /// Build() written to `path`; returns `path`.
  std::string WriteTo(const std::string& path, int data_start_mod8 = 0) const {
    WriteFileOrDie(path, Build(data_start_mod8));
    return path;
  }

 private:
  struct Tensor {
    std::string name;
    std::string dtype;
    std::vector<int64_t> shape;
    std::string bytes;
  };
  std::vector<Tensor> tensors_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace octet::testing
