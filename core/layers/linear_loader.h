#pragma once
// Builds linear layers from checkpoint tensors at the precision the model is loaded with.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/io/checkpoint.h"
#include "core/layers/linear.h"

namespace octet {

enum class Precision { kInt8, kFp32 };

/// "int8" / "fp32".
const char* PrecisionName(Precision precision);

/// Which precision each linear layer gets: `base`, except modules named by `fp32_layers`.
/// An entry matches a module equal to it or under it ("encoder.layer.11" matches
/// "encoder.layer.11.attention.self.query"); the entry "heads" matches the task head
/// (pooler, pre_classifier, classifier, qa_outputs); the entry "attention" keeps the attention
/// matmuls in FP32 (an int8 model otherwise runs them in BF16 where the CPU has it).
struct PrecisionPlan {
  Precision base = Precision::kInt8;
  std::vector<std::string> fp32_layers;

  Precision For(const std::string& module) const;
};

struct LinearSpec {
  /// Modules whose weights are stacked along the output dimension into one matmul
  /// (one module for most layers; query, key, value for the fused QKV projection).
  std::vector<std::string> modules;
  int64_t out_each = 0;  // output features of each module
  int64_t in = 0;        // input features
  Epilogue epilogue = Epilogue::kNone;
};

/// Reads "<module>.weight" [out_each, in] and "<module>.bias" [out_each] of every module in
/// `spec`, checking shapes, and builds the layer at the precision `plan` gives its first module.
absl::StatusOr<std::unique_ptr<Linear>> LoadLinear(const Checkpoint& checkpoint,
                                                   const LinearSpec& spec,
                                                   const PrecisionPlan& plan);

}  // namespace octet
