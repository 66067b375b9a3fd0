#include "core/io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/half.h"
#include "core/base/status_macros.h"
#include "nlohmann/json.hpp"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors data is little-endian; this reader assumes a little-endian host"
#endif

namespace octet {
namespace {

using Json = nlohmann::json;

// Offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos.
size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1Fu, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0Fu, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07u, min = 0x10000;
    } else {
      return i;
    }
    if (s.size() - i < len) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto d = static_cast<uint8_t>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

// Parses JSON, rejecting duplicate keys in any object (the format disallows them, and two readers
// that resolve duplicates differently would see different tensors). Throws Json::parse_error.
Json ParseJsonRejectingDuplicates(std::string_view text, std::string* duplicate_key) {
  std::vector<std::set<std::string>> open_objects;
  auto callback = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == Json::parse_event_t::key && !open_objects.empty()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second && duplicate_key->empty()) {
        *duplicate_key = key;
      }
    }
    return true;
  };
  return Json::parse(text.begin(), text.end(), callback);
}

// A JSON value as short text for "got ..." in messages.
std::string Brief(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

bool AsUint64(const Json& j, uint64_t* out) {
  if (j.is_number_unsigned()) {
    *out = j.get<uint64_t>();
    return true;
  }
  if (j.is_number_integer() && j.get<int64_t>() >= 0) {
    *out = static_cast<uint64_t>(j.get<int64_t>());
    return true;
  }
  return false;
}

// Validates one header entry (everything that does not depend on the other tensors).
absl::Status ParseTensorInfo(const std::string& path, const Json& value, uint64_t data_size,
                             SafetensorsFile::TensorInfo* info) {
  const std::string where = absl::StrFormat("%s: tensor '%s'", path, info->name);
  if (!value.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: entry is a JSON %s, expected an object with dtype, shape and "
                        "data_offsets",
                        where, value.type_name()));
  }
  for (const char* key : {"dtype", "shape", "data_offsets"}) {
    if (!value.contains(key)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: missing '%s'", where, key));
    }
  }
  const Json& dtype = value["dtype"];
  std::optional<DType> parsed_dtype;
  if (dtype.is_string()) parsed_dtype = DTypeFromName(dtype.get_ref<const std::string&>());
  if (!parsed_dtype) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: unknown dtype %s; expected one of %s",
                                                      where, Brief(dtype), AllDTypeNames()));
  }
  info->dtype = *parsed_dtype;

  const Json& shape = value["shape"];
  if (!shape.is_array()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: shape is %s, expected an array of non-negative integers", where, Brief(shape)));
  }
  uint64_t numel = 1;
  bool overflow = false;
  for (const Json& dim : shape) {
    uint64_t d = 0;
    if (!AsUint64(dim, &d) || d > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: shape %s has dimension %s, expected a non-negative integer", where,
                          Brief(shape), Brief(dim)));
    }
    info->shape.push_back(static_cast<int64_t>(d));
    overflow = overflow || __builtin_mul_overflow(numel, d, &numel);
  }

  const Json& offsets = value["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2 || !AsUint64(offsets[0], &info->begin) ||
      !AsUint64(offsets[1], &info->end)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: data_offsets is %s, expected [begin, end] (two non-negative integers)",
                        where, Brief(offsets)));
  }
  if (info->begin > info->end) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: data_offsets [%d, %d] have begin > end",
                                                      where, info->begin, info->end));
  }

  const std::string type_and_shape =
      absl::StrCat(DTypeName(info->dtype), " ", ShapeToString(info->shape));
  const auto bits = static_cast<uint64_t>(DTypeBits(info->dtype));
  uint64_t total_bits = 0;
  if (overflow || numel > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
      __builtin_mul_overflow(numel, bits, &total_bits)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: %s has too many elements (size overflows 64 bits)", where, type_and_shape));
  }
  if (total_bits % 8 != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: %s is %d bits, not a whole number of bytes", where, type_and_shape, total_bits));
  }
  if (info->num_bytes() != total_bits / 8) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: data_offsets span %d bytes, expected %d for %s", where,
                        info->num_bytes(), total_bits / 8, type_and_shape));
  }
  if (info->end > data_size) {
    return absl::DataLossError(absl::StrFormat(
        "%s: data_offsets [%d, %d] end past the data section, which has %d bytes (file "
        "truncated?)",
        where, info->begin, info->end, data_size));
  }
  return absl::OkStatus();
}

// Tensors must tile the data section exactly: sorted by offsets, the first starts at 0 and each
// starts where the previous one ended; the last ends at the end of the file.
absl::Status CheckLayout(const std::string& path, const SafetensorsFile::TensorMap& tensors,
                         uint64_t header_size, uint64_t data_size) {
  using Info = SafetensorsFile::TensorInfo;
  std::vector<const Info*> sorted;
  sorted.reserve(tensors.size());
  for (const auto& [name, info] : tensors) sorted.push_back(&info);
  std::sort(sorted.begin(), sorted.end(), [](const Info* a, const Info* b) {
    return std::tie(a->begin, a->end, a->name) < std::tie(b->begin, b->end, b->name);
  });
  const Info* prev = nullptr;
  uint64_t expected = 0;
  for (const Info* t : sorted) {
    if (t->begin < expected) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: tensor '%s' data_offsets [%d, %d] overlap tensor '%s' [%d, %d]; expected it to "
          "start at %d",
          path, t->name, t->begin, t->end, prev->name, prev->begin, prev->end, expected));
    }
    if (t->begin > expected) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: tensor '%s' data_offsets [%d, %d] start at %d, expected %d (%s; gap of %d bytes)",
          path, t->name, t->begin, t->end, t->begin, expected,
          prev == nullptr ? "the first tensor must start the data section"
                          : absl::StrCat("where tensor '", prev->name, "' ends"),
          t->begin - expected));
    }
    expected = t->end;
    prev = t;
  }
  // Every end was checked against data_size, so only trailing bytes remain possible.
  if (expected != data_size) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: file is %d bytes, expected %d (8 + %d header + %d tensor data): %d trailing bytes",
        path, 8 + header_size + data_size, 8 + header_size + expected, header_size, expected,
        data_size - expected));
  }
  return absl::OkStatus();
}

}  // namespace

int64_t SafetensorsFile::TensorInfo::num_elements() const {
  uint64_t n = 1;
  for (int64_t d : shape) n *= static_cast<uint64_t>(d);  // validated at Open; no overflow there
  return static_cast<int64_t>(n);
}

SafetensorsFile::SafetensorsFile(std::string path, const uint8_t* base, size_t size)
    : path_(std::move(path)), base_(base), size_(size) {}

SafetensorsFile::~SafetensorsFile() { Unmap(); }

SafetensorsFile::SafetensorsFile(SafetensorsFile&& other) noexcept { *this = std::move(other); }

SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&& other) noexcept {
  if (this != &other) {
    Unmap();
    path_ = std::move(other.path_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
    data_start_ = std::exchange(other.data_start_, 0);
    tensors_ = std::move(other.tensors_);
    metadata_ = std::move(other.metadata_);
  }
  return *this;
}

void SafetensorsFile::Unmap() {
  if (base_ != nullptr) munmap(const_cast<uint8_t*>(base_), size_);
  base_ = nullptr;
  size_ = 0;
}

absl::StatusOr<std::unique_ptr<SafetensorsFile>> SafetensorsFile::Open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not hang; it is rejected below as not a regular file.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat(path, ": cannot open"));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return absl::ErrnoToStatus(err, absl::StrCat(path, ": cannot stat"));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file"));
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size < 8) {
    ::close(fd);
    return absl::DataLossError(absl::StrFormat(
        "%s: file is %d bytes, expected at least 8 (a safetensors file starts with an 8-byte "
        "header length)%s",
        path, size, size == 0 ? "; the file is empty" : ""));
  }
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int mmap_errno = errno;
  ::close(fd);  // the mapping keeps the file referenced
  if (mapped == MAP_FAILED) {
    return absl::ErrnoToStatus(mmap_errno, absl::StrCat(path, ": cannot mmap ", size, " bytes"));
  }
  std::unique_ptr<SafetensorsFile> file;
  try {
    file.reset(new SafetensorsFile(path, static_cast<const uint8_t*>(mapped), size));
  } catch (const std::bad_alloc&) {
    ::munmap(mapped, size);
    return absl::ResourceExhaustedError(absl::StrCat(path, ": out of memory"));
  }
  absl::Status status;
  try {
    status = file->ParseHeader();
  } catch (const Json::exception& e) {
    status = absl::InvalidArgumentError(absl::StrCat(path, ": malformed header: ", e.what()));
  } catch (const std::bad_alloc&) {
    status = absl::ResourceExhaustedError(absl::StrCat(path, ": out of memory reading header"));
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat(path, ": reading header: ", e.what()));
  }
  if (!status.ok()) return status;  // `file` unmaps
  return file;
}

absl::Status SafetensorsFile::ParseHeader() {
  uint64_t header_size = 0;
  for (int i = 0; i < 8; ++i) header_size |= static_cast<uint64_t>(base_[i]) << (8 * i);
  if (header_size > kMaxHeaderSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: header length %d (first 8 bytes: %02x %02x %02x %02x %02x %02x %02x %02x) exceeds "
        "the limit of %d bytes; not a safetensors file",
        path_, header_size, base_[0], base_[1], base_[2], base_[3], base_[4], base_[5], base_[6],
        base_[7], kMaxHeaderSize));
  }
  if (header_size > size_ - 8) {
    return absl::DataLossError(absl::StrFormat(
        "%s: header length is %d bytes, but only %d bytes follow the 8-byte length (file is %d "
        "bytes; truncated?)",
        path_, header_size, size_ - 8, size_));
  }
  const std::string_view header(reinterpret_cast<const char*>(base_ + 8), header_size);
  if (const size_t bad = FindInvalidUtf8(header); bad != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: header is not valid UTF-8 (bad byte 0x%02x at header offset %d)",
                        path_, static_cast<uint8_t>(header[bad]), bad));
  }
  Json json;
  std::string duplicate;
  try {
    json = ParseJsonRejectingDuplicates(header, &duplicate);
  } catch (const Json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: header (%d bytes) is not valid JSON: %s",
                                                      path_, header_size, e.what()));
  }
  if (!duplicate.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: header has duplicate key '%s'", path_, duplicate));
  }
  if (!json.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: header is a JSON %s, expected an object", path_, json.type_name()));
  }
  data_start_ = 8 + header_size;
  const uint64_t data_size = size_ - data_start_;
  for (const auto& [key, value] : json.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: __metadata__ is a JSON %s, expected an object of strings", path_,
                            value.type_name()));
      }
      for (const auto& [mkey, mvalue] : value.items()) {
        if (!mvalue.is_string()) {
          return absl::InvalidArgumentError(absl::StrFormat(
              "%s: __metadata__ key '%s' is %s, expected a string", path_, mkey, Brief(mvalue)));
        }
        metadata_.emplace(mkey, mvalue.get<std::string>());
      }
      continue;
    }
    TensorInfo info;
    info.name = key;
    OCTET_RETURN_IF_ERROR(ParseTensorInfo(path_, value, data_size, &info));
    tensors_.emplace(key, std::move(info));
  }
  return CheckLayout(path_, tensors_, header_size, data_size);
}

const SafetensorsFile::TensorInfo* SafetensorsFile::Find(std::string_view name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

bool SafetensorsFile::Owns(const TensorInfo& info) const {
  const TensorInfo* own = Find(info.name);
  if (own == &info) return true;
  return own != nullptr && own->dtype == info.dtype && own->shape == info.shape &&
         own->begin == info.begin && own->end == info.end;
}

absl::Span<const uint8_t> SafetensorsFile::RawBytes(const TensorInfo& info) const {
  assert(Owns(info));
  return absl::Span<const uint8_t>(base_ + data_start_ + info.begin, info.num_bytes());
}

absl::StatusOr<std::vector<float>> SafetensorsFile::ReadFloat(std::string_view name) const {
  const TensorInfo* info = Find(name);
  if (info == nullptr) {
    return absl::NotFoundError(absl::StrFormat("%s: no tensor named '%s'", path_, name));
  }
  return ReadFloat(*info);
}

void SafetensorsFile::ReleasePages(const TensorInfo& info) const {
  if (!Owns(info) || info.num_bytes() == 0) return;
  // Only whole pages inside the tensor: from its first page boundary to its last.
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uint8_t* data = base_ + data_start_ + info.begin;
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t end = begin + info.num_bytes();
  const uintptr_t first = (begin + page - 1) / page * page, last = end / page * page;
  // Offsets from `data`, so that the pointer keeps its provenance (no integer-to-pointer cast).
  if (last > first)
    madvise(const_cast<uint8_t*>(data + (first - begin)), last - first, MADV_DONTNEED);
}

absl::StatusOr<std::vector<float>> SafetensorsFile::ReadFloat(const TensorInfo& info) const {
  if (!Owns(info)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: tensor '%s' (%s %s) is not an entry of this file", path_, info.name,
                        DTypeName(info.dtype), ShapeToString(info.shape)));
  }
  if (!IsFloatDType(info.dtype)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: tensor '%s': dtype %s cannot be read as float, expected F32, F16 or BF16", path_,
        info.name, DTypeName(info.dtype)));
  }
  const auto n = static_cast<size_t>(info.num_elements());
  std::vector<float> out;
  try {
    out.resize(n);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("%s: tensor '%s': cannot allocate %d floats", path_, info.name, n));
  }
  if (n == 0) return out;
  // memcpy everywhere: the data may sit at any alignment inside the mapping.
  const uint8_t* src = base_ + data_start_ + info.begin;
  if (info.dtype == DType::kF32) {
    std::memcpy(out.data(), src, n * sizeof(float));
  } else {
    const bool is_half = info.dtype == DType::kF16;
    for (size_t i = 0; i < n; ++i) {
      uint16_t v;
      std::memcpy(&v, src + 2 * i, sizeof(v));
      out[i] = is_half ? HalfToFloat(v) : Bf16ToFloat(v);
    }
  }
  return out;
}

}  // namespace octet
