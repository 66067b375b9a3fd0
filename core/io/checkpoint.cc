#include "core/io/checkpoint.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <new>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

using Json = nlohmann::json;

constexpr char kSingleFile[] = "model.safetensors";
constexpr char kIndexFile[] = "model.safetensors.index.json";
constexpr char kPickleFile[] = "pytorch_model.bin";
constexpr char kPickleIndexFile[] = "pytorch_model.bin.index.json";
constexpr size_t kMaxIndexBytes = 100'000'000;
constexpr size_t kMaxListedMissing = 20;

std::string JoinPath(const std::string& dir, const char* name) {
  if (dir.empty() || dir.back() == '/') return absl::StrCat(dir, name);
  return absl::StrCat(dir, "/", name);
}

// (Debian's Abseil has its own string_view type, so absl::StartsWith does not take std's.)
bool HasPrefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool HasSuffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

absl::Status ReadSmallFile(const std::string& path, size_t max_bytes, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return absl::ErrnoToStatus(errno, absl::StrCat(path, ": cannot open"));
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    out->append(buf, n);
    if (out->size() > max_bytes) {
      std::fclose(f);
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: larger than %d bytes; not a checkpoint index", path, max_bytes));
    }
  }
  const int read_errno = std::ferror(f) != 0 ? errno : 0;
  std::fclose(f);
  if (read_errno != 0) return absl::ErrnoToStatus(read_errno, absl::StrCat(path, ": cannot read"));
  return absl::OkStatus();
}

// A shard must be a plain file name inside the model folder.
bool IsPlainFileName(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos && name.find("..") == std::string::npos &&
         name.find('\0') == std::string::npos && name != ".";
}

}  // namespace

std::string Checkpoint::CanonicalName(std::string_view name, std::string_view base_prefix) {
  if (!base_prefix.empty() && HasPrefix(name, base_prefix)) name.remove_prefix(base_prefix.size());
  std::string out(name);
  if (HasSuffix(out, "LayerNorm.gamma")) {
    out.replace(out.size() - 5, 5, "weight");
  } else if (HasSuffix(out, "LayerNorm.beta")) {
    out.replace(out.size() - 4, 4, "bias");
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Checkpoint>> Checkpoint::Open(const std::string& dir,
                                                             const std::string& base_prefix) {
  try {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        return absl::NotFoundError(absl::StrFormat("model folder '%s' does not exist", dir));
      }
      return absl::ErrnoToStatus(errno, absl::StrFormat("model folder '%s'", dir));
    }
    if (!S_ISDIR(st.st_mode)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("'%s' is not a directory; expected a Hugging Face model folder", dir));
    }
    std::unique_ptr<Checkpoint> ckpt(new Checkpoint());
    ckpt->dir_ = dir;
    ckpt->base_prefix_ = base_prefix;
    const std::string single = JoinPath(dir, kSingleFile);
    const std::string index = JoinPath(dir, kIndexFile);
    if (Exists(single)) {
      OCTET_RETURN_IF_ERROR(ckpt->OpenSingle(single));
      return ckpt;
    }
    if (Exists(index)) {
      OCTET_RETURN_IF_ERROR(ckpt->OpenSharded(index));
      return ckpt;
    }
    for (const char* pickle : {kPickleFile, kPickleIndexFile}) {
      if (!Exists(JoinPath(dir, pickle))) continue;
      return absl::FailedPreconditionError(absl::StrFormat(
          "%s: found %s but no %s: Octet loads only safetensors weights, because a pickle "
          "checkpoint can execute arbitrary code when it is loaded. Convert it once in Python "
          "with transformers: model = AutoModelForSequenceClassification.from_pretrained(path) "
          "(or AutoModelForQuestionAnswering); model.save_pretrained(path, "
          "safe_serialization=True)",
          dir, pickle, kSingleFile));
    }
    return absl::NotFoundError(
        absl::StrFormat("%s: no model weights found; expected %s or %s in the model folder", dir,
                        kSingleFile, kIndexFile));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(absl::StrCat(dir, ": out of memory opening checkpoint"));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(dir, ": opening checkpoint: ", e.what()));
  }
}

absl::Status Checkpoint::OpenSingle(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<SafetensorsFile> file, SafetensorsFile::Open(path));
  source_ = path;
  files_.push_back(std::move(file));
  for (const auto& [name, info] : files_.back()->tensors()) {
    OCTET_RETURN_IF_ERROR(AddTensor(files_.back().get(), &info));
  }
  return absl::OkStatus();
}

absl::Status Checkpoint::OpenSharded(const std::string& index_path) {
  std::string text;
  OCTET_RETURN_IF_ERROR(ReadSmallFile(index_path, kMaxIndexBytes, &text));
  Json index;
  try {
    index = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: not valid JSON: %s", index_path,
                                                      unicode::EscapeNonPrintable(e.what())));
  }
  if (!index.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: top level is a JSON %s, expected an object with 'weight_map'",
                        index_path, index.type_name()));
  }
  const auto weight_map = index.find("weight_map");
  if (weight_map == index.end() || !weight_map->is_object()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: 'weight_map' is %s, expected an object mapping tensor names to shard file names",
        index_path, weight_map == index.end() ? "missing" : weight_map->type_name()));
  }
  if (weight_map->empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: 'weight_map' is empty, expected at least one tensor", index_path));
  }
  std::map<std::string, std::vector<std::string>> names_by_shard;
  for (const auto& [tensor, shard] : weight_map->items()) {
    if (!shard.is_string()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: weight_map['%s'] is a JSON %s, expected a shard file name",
                          index_path, tensor, shard.type_name()));
    }
    const std::string& shard_name = shard.get_ref<const std::string&>();
    if (!IsPlainFileName(shard_name)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: weight_map['%s'] is '%s', expected a plain file name in the model folder (no "
          "'/', '\\' or '..')",
          index_path, tensor, shard_name));
    }
    names_by_shard[shard_name].push_back(tensor);
  }
  source_ = absl::StrFormat("%s (%d shards)", index_path, names_by_shard.size());
  for (const auto& [shard, names] : names_by_shard) {
    const std::string shard_path = JoinPath(dir_, shard.c_str());
    if (!Exists(shard_path)) {
      return absl::NotFoundError(
          absl::StrFormat("%s: shard '%s' (listed for %d tensors, e.g. '%s') does not exist: %s",
                          index_path, shard, names.size(), names.front(), shard_path));
    }
    OCTET_ASSIGN_OR_RETURN(std::unique_ptr<SafetensorsFile> file,
                           SafetensorsFile::Open(shard_path));
    files_.push_back(std::move(file));
    const SafetensorsFile* opened = files_.back().get();
    // Only the tensors the index lists are part of the checkpoint; extras in a shard are ignored.
    for (const std::string& name : names) {
      const SafetensorsFile::TensorInfo* info = opened->Find(name);
      if (info == nullptr) {
        return absl::NotFoundError(absl::StrFormat(
            "%s: weight_map puts tensor '%s' in shard '%s', but %s has no such tensor", index_path,
            name, shard, shard_path));
      }
      OCTET_RETURN_IF_ERROR(AddTensor(opened, info));
    }
  }
  return absl::OkStatus();
}

absl::Status Checkpoint::AddTensor(const SafetensorsFile* file,
                                   const SafetensorsFile::TensorInfo* info) {
  std::string canonical = CanonicalName(info->name, base_prefix_);
  auto [it, inserted] = tensors_.emplace(std::move(canonical), Entry{file, info});
  if (!inserted) {
    const Entry& other = it->second;
    if (other.file == file) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: tensors '%s' and '%s' both map to the same canonical name '%s'",
                          file->path(), other.info->name, info->name, it->first));
    }
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: tensors '%s' (in %s) and '%s' (in %s) both map to the same canonical name '%s'",
        source_, other.info->name, other.file->path(), info->name, file->path(), it->first));
  }
  return absl::OkStatus();
}

std::vector<std::string> Checkpoint::Names() const {
  std::vector<std::string> names;
  names.reserve(tensors_.size());
  for (const auto& [name, entry] : tensors_) names.push_back(name);
  return names;
}

bool Checkpoint::Has(std::string_view name) const { return tensors_.find(name) != tensors_.end(); }

const SafetensorsFile::TensorInfo* Checkpoint::Info(std::string_view name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : it->second.info;
}

std::string Checkpoint::FileOf(std::string_view name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? std::string() : it->second.file->path();
}

absl::Status Checkpoint::RequireAll(const std::vector<std::string>& names) const {
  std::vector<std::string> missing;
  std::set<std::string_view> seen;
  for (const std::string& name : names) {
    if (!Has(name) && seen.insert(name).second) missing.push_back(absl::StrCat("'", name, "'"));
  }
  if (missing.empty()) return absl::OkStatus();
  const size_t total = missing.size();
  std::string list;
  if (total > kMaxListedMissing) {
    missing.resize(kMaxListedMissing);
    list =
        absl::StrFormat("%s and %d more", absl::StrJoin(missing, ", "), total - kMaxListedMissing);
  } else {
    list = absl::StrJoin(missing, ", ");
  }
  const std::string canonical =
      base_prefix_.empty()
          ? std::string("names as in the file")
          : absl::StrFormat("names are canonical: without the '%s' prefix", base_prefix_);
  return absl::NotFoundError(absl::StrFormat("%s: %d required tensor%s missing: %s (%s)", source_,
                                             total, total == 1 ? " is" : "s are", list, canonical));
}

absl::StatusOr<std::vector<float>> Checkpoint::ReadFloat(std::string_view name,
                                                         const std::vector<int64_t>& shape) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) {
    return absl::NotFoundError(absl::StrFormat("%s: no tensor '%s'", source_, name));
  }
  const Entry& entry = it->second;
  const SafetensorsFile::TensorInfo& info = *entry.info;
  if (!IsFloatDType(info.dtype)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: tensor '%s': dtype %s, expected F32, F16 or BF16", entry.file->path(),
                        info.name, DTypeName(info.dtype)));
  }
  if (info.shape != shape) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: tensor '%s': shape %s, expected %s", entry.file->path(), info.name,
                        ShapeToString(info.shape), ShapeToString(shape)));
  }
  auto values = entry.file->ReadFloat(info);
  // Each tensor is read once at load; drop its file pages so peak RSS stays near the size of
  // what has been built so far rather than the whole checkpoint.
  if (values.ok()) entry.file->ReleasePages(info);
  return values;
}

}  // namespace octet
