#pragma once
// The weights of a Hugging Face model folder: one or more safetensors files under canonical names.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/io/safetensors.h"

namespace octet {

/// Read-only access to a checkpoint by canonical tensor name. The files stay memory-mapped while
/// this object lives; destroy it once the model has copied what it needs. Thread-safe for
/// concurrent const use.
class Checkpoint {
 public:
  /// Opens the weights in a Hugging Face model folder: model.safetensors, else
  /// model.safetensors.index.json (+ its shards). Only pytorch_model.bin (or its index) present →
  /// FailedPrecondition saying safetensors is required because a pickle can execute code on load,
  /// and how to convert (e.g. `save_pretrained(..., safe_serialization=True)`). Nothing → NotFound
  /// naming the folder.
  ///
  /// Other errors: NotFound when `dir` does not exist or the index names a shard file that does
  /// not exist, or a tensor that its shard does not contain; InvalidArgument when `dir` is not a
  /// directory, the index is malformed (not JSON, no `weight_map` object of string → string, a
  /// shard name that is not a plain file name in the folder), or two tensors map to the same
  /// canonical name; any SafetensorsFile::Open error for a weight file. Every message names the
  /// file (and tensor) involved.
  ///
  /// `base_prefix`: the base model's attribute in the checkpoint's names, which canonical names
  /// drop (the model family's checkpoint_prefix, e.g. "bert.", "roberta."); empty: none.
  static absl::StatusOr<std::unique_ptr<Checkpoint>> Open(const std::string& dir,
                                                          const std::string& base_prefix);

  /// Canonical names: `base_prefix` (e.g. "bert.") is removed when the name starts with it, and
  /// legacy LayerNorm "gamma"/"beta" (keys ending in LayerNorm.gamma / LayerNorm.beta) become
  /// "weight"/"bias". E.g. with "bert.": "bert.encoder.layer.0.attention.output.LayerNorm.gamma"
  /// → "encoder.layer.0.attention.output.LayerNorm.weight"; "classifier.weight" stays. Names
  /// already without the prefix (e.g. sentence-transformers exports) stay as they are. Two keys
  /// mapping to the same canonical name → error at Open.
  static std::string CanonicalName(std::string_view name, std::string_view base_prefix);

  /// Every canonical name, sorted. Includes non-float extras such as `embeddings.position_ids`.
  std::vector<std::string> Names() const;
  /// True when a tensor with this canonical name exists (any dtype).
  bool Has(std::string_view name) const;
  /// Error (NotFound) listing EVERY missing canonical name (first 20, then "and N more") with the
  /// checkpoint file(s) and the prefix canonical names are without. OK when all exist.
  absl::Status RequireAll(const std::vector<std::string>& names) const;
  /// Reads a tensor as float32, checking its shape equals `shape` exactly; errors:
  /// "<file>: tensor '<original name>': shape [3, 4], expected [4, 4]" (InvalidArgument), dtype not
  /// float (F32/F16/BF16) → InvalidArgument, unknown name → NotFound, allocation failure →
  /// ResourceExhausted.
  absl::StatusOr<std::vector<float>> ReadFloat(std::string_view name,
                                               const std::vector<int64_t>& shape) const;
  /// Path of the file (shard) holding the tensor; empty when there is no such tensor.
  std::string FileOf(std::string_view name) const;
  /// Header entry (original name, dtype, shape) of a tensor, or nullptr.
  const SafetensorsFile::TensorInfo* Info(std::string_view name) const;

  /// The folder given to Open().
  const std::string& dir() const { return dir_; }
  /// What the weights were loaded from, for messages: the model.safetensors path, or the index
  /// path with the shard count, e.g. ".../model.safetensors.index.json (2 shards)".
  const std::string& source() const { return source_; }

 private:
  struct Entry {
    const SafetensorsFile* file;              // owned by files_
    const SafetensorsFile::TensorInfo* info;  // inside *file; info->name is the original name
  };

  Checkpoint() = default;
  absl::Status OpenSingle(const std::string& path);
  absl::Status OpenSharded(const std::string& index_path);
  // Adds `info` under its canonical name; error on a collision.
  absl::Status AddTensor(const SafetensorsFile* file, const SafetensorsFile::TensorInfo* info);

  std::string dir_;
  std::string base_prefix_;  // dropped from names (Open's base_prefix)
  std::string source_;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, Entry, std::less<>> tensors_;  // canonical name → entry
};

}  // namespace octet
