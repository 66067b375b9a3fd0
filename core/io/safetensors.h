#pragma once
// A validated, read-only view of one safetensors file (huggingface/safetensors format).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/io/dtype.h"

namespace octet {

/// One memory-mapped safetensors file whose header has been fully validated.
///
/// Open() checks everything before returning, so later reads cannot go out of bounds:
/// the 8-byte little-endian header length N (≤ 100,000,000 and 8 + N ≤ file size), a UTF-8 JSON
/// object header without duplicate keys, `__metadata__` a string→string map, and for every tensor
/// a known dtype, non-negative integer shape, `data_offsets` [begin, end] with begin ≤ end,
/// end − begin == prod(shape) × sizeof(dtype) (overflow-checked), offsets inside the data
/// section, tensors contiguous and non-overlapping starting at 0, and 8 + N + last end == file
/// size.
///
/// Status codes returned by Open (every message starts with the file path, names the tensor
/// when one is involved, and says expected vs got):
///  * NotFound         – the file does not exist.
///  * PermissionDenied – the file cannot be opened for reading.
///  * DataLoss         – the file is shorter than its own header says: 0–7 bytes long, a header
///                       that runs past the end of the file, or tensor data past the end
///                       (a truncated download or copy).
///  * InvalidArgument  – the file is not a well-formed safetensors file: absurd header length
///                       (wrong "magic", e.g. a pickle or zip), header not UTF-8 / not JSON / not
///                       an object, duplicate keys, bad dtype/shape/offsets, size mismatches,
///                       gaps, overlaps, trailing bytes; also a path that is not a regular file.
///  * ResourceExhausted – out of memory or address space while mapping or parsing.
///  * Internal         – any other system call failure.
///
/// The mapping is read-only and private (MAP_PRIVATE); it is released in the destructor.
/// Truncating the file on disk while it is mapped makes later reads fault (SIGBUS), as with any
/// mmap-based reader. Thread-safe for concurrent const use.
class SafetensorsFile {
 public:
  /// One header entry. `begin`/`end` are byte offsets relative to the start of the data section
  /// (right after the header), end exclusive.
  struct TensorInfo {
    std::string name;
    DType dtype = DType::kF32;
    std::vector<int64_t> shape;
    uint64_t begin = 0;
    uint64_t end = 0;

    /// prod(shape); 1 for a scalar, 0 when any dimension is 0.
    int64_t num_elements() const;
    /// end - begin.
    uint64_t num_bytes() const { return end - begin; }
  };
  /// Name → entry, ordered by name; std::less<> allows lookups by std::string_view.
  using TensorMap = std::map<std::string, TensorInfo, std::less<>>;

  /// Header lengths above this are rejected (same limit as the reference implementation).
  static constexpr uint64_t kMaxHeaderSize = 100'000'000;

  /// Maps and validates `path`. See the class comment for the error codes.
  static absl::StatusOr<std::unique_ptr<SafetensorsFile>> Open(const std::string& path);

  ~SafetensorsFile();
  SafetensorsFile(SafetensorsFile&& other) noexcept;
  SafetensorsFile& operator=(SafetensorsFile&& other) noexcept;
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;

  /// The path given to Open().
  const std::string& path() const { return path_; }
  /// Every tensor in the file, by name.
  const TensorMap& tensors() const { return tensors_; }
  /// The optional `__metadata__` map (e.g. {"format": "pt"}); empty when absent.
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  /// The entry for `name`, or nullptr.
  const TensorInfo* Find(std::string_view name) const;

  /// Copies a F32, F16 or BF16 tensor into a new float vector (row-major, prod(shape)
  /// elements). Works for any alignment of the data in the file. Errors: InvalidArgument when the
  /// dtype is another one or `info` is not an entry of this file; ResourceExhausted when the
  /// vector cannot be allocated.
  absl::StatusOr<std::vector<float>> ReadFloat(const TensorInfo& info) const;
  /// Same, by name; NotFound when the file has no such tensor.
  absl::StatusOr<std::vector<float>> ReadFloat(std::string_view name) const;

  /// The tensor's raw little-endian bytes inside the mapping (valid while this object lives).
  /// The pointer may be misaligned for the element type: copy with memcpy before typed access.
  /// `info` must be an entry of tensors() (checked with assert in debug builds).
  absl::Span<const uint8_t> RawBytes(const TensorInfo& info) const;

  /// Tells the kernel the pages wholly inside this tensor's bytes are no longer needed, so a
  /// loader that has copied a tensor does not keep the whole file resident (MADV_DONTNEED on a
  /// private read-only mapping: reading the tensor again just faults it back in from the file).
  void ReleasePages(const TensorInfo& info) const;

 private:
  SafetensorsFile(std::string path, const uint8_t* base, size_t size);
  void Unmap();
  // Validates the header and fills tensors_/metadata_; may throw (Open catches).
  absl::Status ParseHeader();
  // `info` is an entry of this file (same name, dtype, shape and offsets).
  bool Owns(const TensorInfo& info) const;

  std::string path_;
  const uint8_t* base_ = nullptr;  // start of the mapping (the 8-byte length); owned
  size_t size_ = 0;                // file size == mapping length
  uint64_t data_start_ = 0;        // 8 + N: file offset of the data section
  TensorMap tensors_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace octet
