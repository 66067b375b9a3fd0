// Self-attention of a padding-free batch against the PyTorch reference: two sequences of
// different lengths, the first with two padding tokens (attention mask 0) at its end.

#include <cmath>

#include "core/layers/attention.h"
#include "core/runtime/workspace.h"
#include "gtest/gtest.h"
#include "tests/op_reference.h"

namespace octet {
namespace {

using ::octet::testing::ExpectMatrixNear;
using ::octet::testing::OpReference;
using ::octet::testing::ReferenceBatch;
using ::octet::testing::ToMatrix;

constexpr int64_t kHidden = 8;

Matrix RunAttention(const Matrix& qkv, const SequenceBatch& batch) {
  const SelfAttention attention(kHidden, OpReference().at("attention").at("heads").get<int64_t>(),
                                AttentionType::kFp32);
  Workspace ws;
  Matrix context;
  const absl::Status s = attention.Forward(qkv, batch, &context, &ws);
  EXPECT_TRUE(s.ok()) << s;
  return context;
}

TEST(OpAttention, MaskedBatchOfTwoSequencesMatchesTheReference) {
  const nlohmann::json& r = OpReference().at("attention");
  const SequenceBatch batch = ReferenceBatch();
  ASSERT_EQ(batch.num_sequences(), 2);
  ASSERT_EQ(batch.length(0), 5);
  ASSERT_EQ(batch.length(1), 3);
  ExpectMatrixNear(RunAttention(ToMatrix(r.at("qkv")), batch), r.at("context"));
}

TEST(OpAttention, MaskedKeysAndValuesDoNotReachAnyQuery) {
  const SequenceBatch batch = ReferenceBatch();
  const Matrix qkv = ToMatrix(OpReference().at("attention").at("qkv"));
  const Matrix before = RunAttention(qkv, batch);
  // Rows 3 and 4 (mask 0): change their keys and values, not their queries.
  Matrix changed = qkv;
  for (int64_t t : {3, 4}) {
    for (int64_t c = kHidden; c < 3 * kHidden; ++c) changed.row(t)[c] += 10.0f * (c % 3 - 1);
  }
  const Matrix after = RunAttention(changed, batch);
  for (int64_t t = 0; t < batch.num_tokens(); ++t) {
    for (int64_t c = 0; c < kHidden; ++c) {
      EXPECT_EQ(after.row(t)[c], before.row(t)[c]) << "token " << t << " column " << c;
    }
  }
}

TEST(OpAttention, ASequenceDoesNotDependOnItsBatchMate) {
  const SequenceBatch batch = ReferenceBatch();
  const Matrix qkv = ToMatrix(OpReference().at("attention").at("qkv"));
  const Matrix together = RunAttention(qkv, batch);
  // The second sequence alone: rows 5..7.
  SequenceBatch alone;
  alone.Add({batch.ids.begin() + 5, batch.ids.end()}, {});
  Matrix rows(3, 3 * kHidden);
  for (int64_t t = 0; t < 3; ++t) {
    std::copy(qkv.row(5 + t), qkv.row(5 + t) + 3 * kHidden, rows.row(t));
  }
  const Matrix by_itself = RunAttention(rows, alone);
  for (int64_t t = 0; t < 3; ++t) {
    for (int64_t c = 0; c < kHidden; ++c) EXPECT_EQ(by_itself.row(t)[c], together.row(5 + t)[c]);
  }
}

TEST(OpAttention, MaskedSoftmaxGivesMaskedKeysZero) {
  // softmax([1, 2, 3]) over the first two keys only: e / (e + e²) and e² / (e + e²).
  float row[3] = {1.0f, 2.0f, 3.0f};
  const int32_t mask[3] = {1, 1, 0};
  MaskedSoftmaxRows(row, 1, 3, mask);
  EXPECT_NEAR(row[0], 0.26894142f, 1e-6);
  EXPECT_NEAR(row[1], 0.73105858f, 1e-6);
  EXPECT_EQ(row[2], 0.0f);
}

}  // namespace
}  // namespace octet
