#include "core/layers/linear_loader.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"
#include "core/layers/fp32_linear.h"
#include "core/layers/int8_linear.h"

namespace octet {

const char* PrecisionName(Precision precision) {
  return precision == Precision::kInt8 ? "int8" : "fp32";
}

Precision PrecisionPlan::For(const std::string& module) const {
  static const char* kHeads[] = {"pooler", "pre_classifier", "classifier", "qa_outputs"};
  for (const std::string& entry : fp32_layers) {
    if (module == entry || absl::StartsWith(module, entry + ".")) return Precision::kFp32;
    if (entry == "heads") {
      for (const char* head : kHeads) {
        if (module == head || absl::StartsWith(module, absl::StrCat(head, "."))) {
          return Precision::kFp32;
        }
      }
    }
  }
  return base;
}

absl::StatusOr<std::unique_ptr<Linear>> LoadLinear(const Checkpoint& checkpoint,
                                                   const LinearSpec& spec,
                                                   const PrecisionPlan& plan) {
  std::vector<float> weight, bias;
  for (const std::string& module : spec.modules) {
    OCTET_ASSIGN_OR_RETURN(std::vector<float> w,
                           checkpoint.ReadFloat(module + ".weight", {spec.out_each, spec.in}));
    OCTET_ASSIGN_OR_RETURN(std::vector<float> b,
                           checkpoint.ReadFloat(module + ".bias", {spec.out_each}));
    weight.insert(weight.end(), w.begin(), w.end());
    bias.insert(bias.end(), b.begin(), b.end());
  }
  const int64_t out = spec.out_each * static_cast<int64_t>(spec.modules.size());
  if (plan.For(spec.modules.front()) == Precision::kInt8) {
    OCTET_ASSIGN_OR_RETURN(std::unique_ptr<Int8Linear> layer,
                           Int8Linear::Create(weight, bias, out, spec.in, spec.epilogue));
    return std::unique_ptr<Linear>(std::move(layer));
  }
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<Fp32Linear> layer,
                         Fp32Linear::Create(weight, bias, out, spec.in, spec.epilogue));
  return std::unique_ptr<Linear>(std::move(layer));
}

}  // namespace octet
