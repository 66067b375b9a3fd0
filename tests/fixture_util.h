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

/// The reference's expected outputs for one input, flattened: classification logits, or for QA
/// start logits followed by end logits.
std::vector<float> ExpectedOutputs(const nlohmann::json& entry);

/// The model's outputs for sequence `s` of `batch` in the same flattened layout.
std::vector<float> ModelOutputs(const Model& model, const SequenceBatch& batch,
                                const Matrix& logits, int64_t s);

/// Max |got − want| / max(1, |want|) over the elements.
double MaxRelativeError(const std::vector<float>& got, const std::vector<float>& want);

}  // namespace octet::testing
