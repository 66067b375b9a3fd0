// Self-attention of a padding-free batch against the PyTorch reference: two sequences of
// different lengths, the first with two padding tokens (attention mask 0) at its end.

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/base/half.h"
#include "core/kernels/cpu_features.h"
#include "core/kernels/int8_kernels.h"
#include "core/kernels/row_kernels.h"
#include "core/layers/attention.h"
#include "core/layers/int8_linear.h"
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

// Attention keeps primitives for the latest kAttentionLengthsKept lengths only; a length made
// again after its eviction gives the same bits.
TEST(OpAttention, KeepsTheLatestLengthsAndRemakesAnEvictedOneIdentically) {
  const SelfAttention attention(kHidden, 2, AttentionType::kFp32);
  Workspace ws;
  std::uniform_real_distribution<float> value(-2.f, 2.f);
  auto run = [&](int64_t n) {
    SequenceBatch batch;
    batch.Add(std::vector<int32_t>(n, 5), {});
    Matrix qkv(n, 3 * kHidden);
    std::mt19937 data(static_cast<uint32_t>(n));
    for (float& v : qkv.data) v = value(data);
    Matrix context;
    const absl::Status s = attention.Forward(qkv, batch, &context, &ws);
    EXPECT_TRUE(s.ok()) << s;
    return context;
  };
  const Matrix first = run(20);
  const int64_t others = static_cast<int64_t>(kAttentionLengthsKept) + 10;
  for (int64_t n = 21; n < 21 + others; ++n) run(n);
  EXPECT_EQ(attention.lengths_kept(), kAttentionLengthsKept);
  EXPECT_EQ(attention.kernels_made(), 1 + others);
  const Matrix again = run(20);
  EXPECT_EQ(attention.kernels_made(), 2 + others);  // 20 had been evicted: made again
  ASSERT_EQ(again.data.size(), first.data.size());
  EXPECT_EQ(std::memcmp(again.data.data(), first.data.data(), first.data.size() * sizeof(float)),
            0);
  run(20);
  EXPECT_EQ(attention.kernels_made(), 2 + others);  // and kept this time
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

std::vector<const RowKernelTable*> RowTables() {
  std::vector<const RowKernelTable*> tables = {GenericRowKernels()};
  const VectorIsa isa = HardwareIsa();
  if (isa >= VectorIsa::kAvx2) tables.push_back(Avx2RowKernels());
  if (isa >= VectorIsa::kAvx512) tables.push_back(Avx512RowKernels());
  return tables;
}

// float → bfloat16, round to nearest even, written out independently of the kernels.
uint16_t ReferenceBf16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  const uint32_t lower = bits & 0xFFFFu, upper = bits >> 16;
  const bool up = lower > 0x8000u || (lower == 0x8000u && (upper & 1u));
  return static_cast<uint16_t>(upper + (up ? 1u : 0u));
}

TEST(OpAttention, SoftmaxWritesTheSameProbabilitiesInBf16OnEveryIsa) {
  std::mt19937 rng(3);
  std::normal_distribution<float> d(0.f, 3.f);
  for (int64_t n : {1, 5, 16, 37, 128}) {
    std::vector<float> scores(n);
    for (float& v : scores) v = d(rng);
    std::vector<int32_t> mask(n, 1);
    if (n > 3) mask[1] = mask[n - 1] = 0;
    for (const RowKernelTable* t : RowTables()) {
      for (const int32_t* m : std::vector<const int32_t*>{nullptr, mask.data()}) {
        std::vector<float> fp32 = scores, scratch = scores;
        std::vector<uint16_t> bf16(n, 0xFFFF);
        t->softmax(fp32.data(), n, m);
        t->softmax_bf16(scratch.data(), n, m, bf16.data());
        std::vector<uint16_t> converted(n);
        t->to_bf16(fp32.data(), n, converted.data());
        EXPECT_EQ(converted, bf16) << "n " << n;
        for (int64_t j = 0; j < n; ++j) {
          ASSERT_EQ(bf16[j], ReferenceBf16(fp32[j])) << "n " << n << " j " << j;
          if (m && !m[j]) {
            EXPECT_EQ(Bf16ToFloat(bf16[j]), 0.f);
          }
        }
      }
    }
  }
}

TEST(OpAttention, QuantizedContextIsBitIdenticalToQuantizingTheContext) {
  // A BERT-like width (4 heads of 16) so that the rows are gathered from several heads.
  const int64_t hidden = 64, heads = 4;
  SequenceBatch batch;
  batch.Add(std::vector<int32_t>(19, 5), {});
  batch.Add(std::vector<int32_t>(7, 5), {});
  Matrix qkv(batch.num_tokens(), 3 * hidden);
  std::mt19937 rng(4);
  std::normal_distribution<float> d(0.f, 1.f);
  for (int64_t i = 0; i < qkv.rows * qkv.cols; ++i) qkv.data[i] = d(rng);
  for (AttentionType type : {AttentionType::kFp32, AttentionType::kBf16}) {
    if (type == AttentionType::kBf16 && !Bf16AttentionAvailable()) continue;
    const SelfAttention attention(hidden, heads, type);
    Workspace ws;
    Matrix context;
    ASSERT_TRUE(attention.Forward(qkv, batch, &context, &ws).ok());
    const int64_t rows = batch.num_tokens();
    std::vector<uint8_t> q(rows * hidden);
    std::vector<float> scale(rows);
    std::vector<int32_t> zp(rows);
    QuantizeRowsU8(context.data.data(), rows, hidden, hidden, q.data(), hidden, scale.data(),
                   zp.data(), ActivationQuantMax());
    Workspace ws2(2);
    ASSERT_TRUE(attention.ForwardQuantized(qkv, batch, &ws2).ok());
    const QuantizedRows held = QuantizedInput(rows, hidden, &ws2);
    for (int64_t r = 0; r < rows; ++r) {
      ASSERT_EQ(held.scale[r], scale[r]) << r;
      ASSERT_EQ(held.zero_point[r], zp[r]) << r;
    }
    for (int64_t i = 0; i < rows * hidden; ++i) ASSERT_EQ(held.data[i], q[i]) << i;
  }
}

TEST(OpAttention, QkvPackedByTheInt8EpilogueIsBitIdentical) {
  if (!Bf16AttentionAvailable()) GTEST_SKIP() << "no native BF16 matmul on this CPU";
  const int64_t hidden = 64, heads = 4;
  SequenceBatch batch;
  batch.Add(std::vector<int32_t>(19, 5), {});
  batch.Add(std::vector<int32_t>(7, 5), {});
  batch.Add(std::vector<int32_t>(1, 5), {});
  const int64_t tokens = batch.num_tokens();
  std::mt19937 rng(6);
  std::normal_distribution<float> d(0.f, 0.3f);
  std::vector<float> weight(3 * hidden * hidden), bias(3 * hidden);
  for (float& v : weight) v = d(rng);
  for (float& v : bias) v = d(rng);
  auto qkv = Int8Linear::Create(weight, bias, 3 * hidden, hidden, Epilogue::kNone);
  ASSERT_TRUE(qkv.ok());
  Matrix x(tokens, hidden);
  for (int64_t i = 0; i < tokens * hidden; ++i) x.data[i] = d(rng) * 5;
  const SelfAttention attention(hidden, heads, AttentionType::kBf16);
  ASSERT_TRUE(attention.TakesPackedQkv());
  // Unfused: FP32 [tokens, 3H] rows, gathered by attention.
  Workspace ws;
  Matrix rows, want;
  ASSERT_TRUE((*qkv)->Forward(x, &rows, &ws).ok());
  ASSERT_TRUE(attention.Forward(rows, batch, &want, &ws).ok());
  // Packed by the epilogue.
  Workspace ws2(2);
  Matrix got;
  ASSERT_TRUE((*qkv)->ForwardToRows(&x, tokens, &ws2, attention.PackingSink(batch, &ws2)).ok());
  ASSERT_TRUE(attention.ForwardPacked(batch, &got, false, &ws2).ok());
  ASSERT_EQ(got.rows, tokens);
  for (int64_t i = 0; i < tokens * hidden; ++i) ASSERT_EQ(got.data[i], want.data[i]) << i;
  // And with the context quantized for the output projection.
  std::vector<uint8_t> q(tokens * hidden);
  std::vector<float> scale(tokens);
  std::vector<int32_t> zp(tokens);
  QuantizeRowsU8(want.data.data(), tokens, hidden, hidden, q.data(), hidden, scale.data(),
                 zp.data(), ActivationQuantMax());
  Workspace ws3;
  ASSERT_TRUE((*qkv)->ForwardToRows(&x, tokens, &ws3, attention.PackingSink(batch, &ws3)).ok());
  ASSERT_TRUE(attention.ForwardPacked(batch, nullptr, true, &ws3).ok());
  const QuantizedRows held = QuantizedInput(tokens, hidden, &ws3);
  for (int64_t r = 0; r < tokens; ++r) ASSERT_EQ(held.scale[r], scale[r]) << r;
  for (int64_t i = 0; i < tokens * hidden; ++i) ASSERT_EQ(held.data[i], q[i]) << i;
}

}  // namespace
}  // namespace octet
