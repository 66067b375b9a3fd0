#pragma once
// Reading the committed model fixtures (tests/data/fixtures/<name>/reference.json).

#include <string>
#include <vector>

#include "core/models/model.h"
#include "nlohmann/json.hpp"

namespace octet::testing {

/// The fixture folder names, in a fixed order.
const std::vector<std::string>& FixtureNames();

/// tests/data/fixtures/<name>
std::string FixtureDir(const std::string& name);

/// The parsed reference.json of a fixture.
nlohmann::json LoadReference(const std::string& name);

/// The reference's expected outputs for one input, flattened: classification logits, token
/// classification logits token by token ([tokens, labels] row-major), or for QA start logits
/// followed by end logits.
std::vector<float> ExpectedOutputs(const nlohmann::json& entry);

/// The model's outputs for sequence `s` of `batch` in the same flattened layout.
std::vector<float> ModelOutputs(const Model& model, const SequenceBatch& batch,
                                const Matrix& logits, int64_t s);

/// Max |got − want| / max(1, |want|) over the elements.
double MaxRelativeError(const std::vector<float>& got, const std::vector<float>& want);

/// The int8 engine's fidelity bound on the fixtures: its largest |int8 − FP32| output is below
/// this fraction of the largest |FP32 output| (int8_fidelity_test asserts it on every fixture).
/// 0.1 with full-range activations (VNNI), 0.15 with 7-bit ones (ActivationQuantMax() = 127).
double Int8MaxAbsErrorFraction();

}  // namespace octet::testing
