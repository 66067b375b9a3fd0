#pragma once
// A loaded model: config, tokenizer, encoder and task head, immutable and shared by workers.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/layers/linear_loader.h"
#include "core/models/encoder.h"
#include "core/models/model_config.h"
#include "core/models/task_head.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/workspace.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

struct LoadOptions {
  /// Linear layers are int8 unless listed in precision.fp32_layers (or precision.base is kFp32).
  PrecisionPlan precision;
  /// Called after each encoder layer is loaded (and quantized): (layers done, layers in all).
  std::function<void(int64_t, int64_t)> progress;
};

class Model {
 public:
  /// Loads a Hugging Face model folder (config.json, safetensors weights, tokenizer files).
  /// Every problem is reported here, naming the file and tensor; the mmapped checkpoint is
  /// released before this returns.
  static absl::StatusOr<std::unique_ptr<Model>> Load(const std::string& dir,
                                                     const LoadOptions& options);

  /// Checks a batch against the model: ids in the vocabulary, type ids in range, lengths within
  /// config.max_sequence_length() (max_position_embeddings less RoBERTa's offset), non-empty
  /// sequences. InvalidArgument names the sequence and token.
  absl::Status ValidateBatch(const SequenceBatch& batch) const;

  /// Runs the encoder and head. Classification: logits [sequences, labels]; QA: [tokens, 2].
  /// Thread-safe: each concurrent caller passes its own workspace.
  absl::Status Forward(const SequenceBatch& batch, Workspace* ws, Matrix* logits) const;

  const ModelConfig& config() const { return config_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const std::string& dir() const { return dir_; }
  const PrecisionPlan& precision() const { return precision_; }
  /// Bytes held by the encoder and head weights (embeddings included), as loaded.
  size_t weight_bytes() const;
  /// Parameters of the architecture (every weight and bias the checkpoint provides).
  int64_t parameter_count() const;
  /// What the same weights take in FP32 (4 bytes a parameter): the size int8 is compared with.
  size_t fp32_weight_bytes() const { return static_cast<size_t>(parameter_count()) * 4; }
  /// Human-readable one-line description: architecture, sizes, precision, FP32-kept layers.
  std::string Describe() const;
  /// Seconds spent in Load.
  double load_seconds() const { return load_seconds_; }
  std::vector<const Linear*> linears() const;
  /// "bf16" or "fp32" (then "disentangled" for DeBERTa), and the oneDNN kernels attention uses
  /// for sequences of n tokens.
  std::string AttentionDescription(int64_t n) const;

 private:
  Model() = default;

  std::string dir_;
  ModelConfig config_;
  PrecisionPlan precision_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<Encoder> encoder_;
  std::unique_ptr<TaskHead> head_;
  double load_seconds_ = 0;
};

}  // namespace octet
