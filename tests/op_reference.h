#pragma once
// The op- and layer-level references written by tests/reference/make_op_references.py:
// tests/data/op_reference/{bert,distilbert}/ (tiny checkpoints: hidden 8, 2 heads, one layer)
// and expected.json (the PyTorch reference's outputs on fixed inputs). Header-only, shared by
// the op_*_test.cc and layer_*_test.cc suites.

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/io/checkpoint.h"
#include "core/models/family.h"
#include "core/models/model_config.h"
#include "core/runtime/sequence_batch.h"
#include "core/runtime/tensor.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace octet::testing {

/// Largest |got − want| an op may be off the reference in FP32, relative to max(1, |want|).
inline constexpr double kOpTolerance = 1e-5;

/// tests/data/op_reference/<name> ("bert" or "distilbert").
inline std::string OpReferenceDir(const std::string& name) {
  return TestDataDir() + "/op_reference/" + name;
}

/// The parsed expected.json.
inline const nlohmann::json& OpReference() {
  static const nlohmann::json* const kReference = new nlohmann::json(
      nlohmann::json::parse(ReadFileOrDie(TestDataDir() + "/op_reference/expected.json")));
  return *kReference;
}

/// A JSON list of rows as a Matrix.
inline Matrix ToMatrix(const nlohmann::json& rows) {
  Matrix m(static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows.at(0).size()));
  for (int64_t r = 0; r < m.rows; ++r) {
    for (int64_t c = 0; c < m.cols; ++c) m.row(r)[c] = rows.at(r).at(c).get<float>();
  }
  return m;
}

/// The reference batch: two sequences (5 and 3 tokens), the first ending in two tokens whose
/// attention mask is 0.
inline SequenceBatch ReferenceBatch() {
  const nlohmann::json& b = OpReference().at("batch");
  SequenceBatch batch;
  for (size_t s = 0; s < b.at("ids").size(); ++s) {
    batch.Add(b.at("ids").at(s).get<std::vector<int32_t>>(),
              b.at("type_ids").at(s).get<std::vector<int32_t>>(),
              b.at("attention_mask").at(s).get<std::vector<int32_t>>());
  }
  return batch;
}

/// The config and checkpoint of a reference model.
struct OpReferenceModel {
  ModelConfig config;
  std::unique_ptr<Checkpoint> checkpoint;
};

inline OpReferenceModel LoadOpReferenceModel(const std::string& name) {
  OpReferenceModel m;
  auto config = ModelConfig::FromFile(OpReferenceDir(name) + "/config.json");
  EXPECT_TRUE(config.ok()) << config.status();
  if (config.ok()) m.config = *config;
  auto checkpoint =
      Checkpoint::Open(OpReferenceDir(name), FamilyOf(m.config.family).checkpoint_prefix);
  EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
  if (checkpoint.ok()) m.checkpoint = *std::move(checkpoint);
  return m;
}

/// Expects `got` to have the shape of `want` and every element within kOpTolerance of it.
inline void ExpectMatrixNear(const Matrix& got, const nlohmann::json& want) {
  const Matrix w = ToMatrix(want);
  ASSERT_EQ(got.rows, w.rows);
  ASSERT_EQ(got.cols, w.cols);
  for (int64_t r = 0; r < w.rows; ++r) {
    for (int64_t c = 0; c < w.cols; ++c) {
      const double want_v = w.row(r)[c];
      const double bound = kOpTolerance * std::max(1.0, std::fabs(want_v));
      EXPECT_NEAR(got.row(r)[c], want_v, bound) << "row " << r << " column " << c;
    }
  }
}

}  // namespace octet::testing
