// The int8 engine against the FP32 engine and against PyTorch quantize_dynamic, on every
// fixture: same top-1, bounded error, never worse than quantize_dynamic; and a sequence's
// outputs are bit-identical alone, in any batch, on any thread count.

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "core/kernels/int8_kernels.h"
#include "core/models/model.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::ExpectedOutputs;
using testing::FixtureDir;
using testing::LoadReference;
using testing::ModelOutputs;

struct ErrorStats {
  double sq_err = 0, sq_ref = 0, max_abs = 0;
  void Add(const std::vector<float>& got, const std::vector<float>& ref) {
    for (size_t i = 0; i < ref.size(); ++i) {
      const double d = static_cast<double>(got[i]) - ref[i];
      sq_err += d * d;
      sq_ref += static_cast<double>(ref[i]) * ref[i];
      max_abs = std::max(max_abs, std::fabs(d));
    }
  }
  double nmse() const { return sq_err / sq_ref; }
};

size_t ArgMax(const std::vector<float>& v, size_t begin, size_t end) {
  return std::max_element(v.begin() + begin, v.begin() + end) - v.begin();
}

class Int8FidelityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    reference_ = LoadReference(GetParam());
    LoadOptions int8, fp32;
    fp32.precision.base = Precision::kFp32;
    auto q = Model::Load(FixtureDir(GetParam()), int8);
    auto f = Model::Load(FixtureDir(GetParam()), fp32);
    ASSERT_TRUE(q.ok()) << q.status();
    ASSERT_TRUE(f.ok()) << f.status();
    int8_ = *std::move(q);
    fp32_ = *std::move(f);
  }

  std::vector<float> RunAlone(const Model& model, const nlohmann::json& input) {
    SequenceBatch batch;
    batch.Add(input["ids"].get<std::vector<int32_t>>(),
              input["type_ids"].get<std::vector<int32_t>>());
    Workspace ws;
    Matrix logits;
    EXPECT_TRUE(model.Forward(batch, &ws, &logits).ok());
    return ModelOutputs(model, batch, logits, 0);
  }

  nlohmann::json reference_;
  std::unique_ptr<Model> int8_, fp32_;
};

// The gap between the best and second-best value in v[begin, end).
double TopMargin(const std::vector<float>& v, size_t begin, size_t end) {
  std::vector<float> part(v.begin() + begin, v.begin() + end);
  std::partial_sort(part.begin(), part.begin() + 2, part.end(), std::greater<float>());
  return part[0] - part[1];
}

// Int8 may only disagree with FP32 on a near-tie: where FP32's top-2 gap is below this, or where
// PyTorch's quantize_dynamic (the bar) picks another top-1 as well.
// (Below the largest measured max abs error, 0.63 on distil_qa: a flip above it is possible
// in principle, so this checks something.)
constexpr double kTieMargin = 0.25;

TEST_P(Int8FidelityTest, SameTop1AndErrorBoundedAndNoWorseThanQuantizeDynamic) {
  ErrorStats ours, torch_dynamic;
  double max_logit = 0;
  int checked = 0, ties = 0;
  const bool qa = int8_->config().task == TaskKind::kQuestionAnswering;
  const bool tc = int8_->config().task == TaskKind::kTokenClassification;
  int torch_flips = 0;
  auto check_top1 = [&](const std::vector<float>& q, const std::vector<float>& f,
                        const std::vector<float>& torch_q, size_t begin, size_t end,
                        const std::string& what) {
    if (end - begin < 2) return;  // one output (a one-label cross-encoder): no top-1 to compare
    if (TopMargin(f, begin, end) < kTieMargin) {
      ++ties;
      return;
    }
    if (ArgMax(torch_q, begin, end) != ArgMax(f, begin, end)) {
      ++torch_flips;  // quantize_dynamic flips it too: the bar allows the same
      return;
    }
    ++checked;
    EXPECT_EQ(ArgMax(q, begin, end), ArgMax(f, begin, end)) << what;
  };
  for (size_t i = 0; i < reference_["inputs"].size(); ++i) {
    const auto& input = reference_["inputs"][i];
    const std::vector<float> q = RunAlone(*int8_, input);
    const std::vector<float> f = RunAlone(*fp32_, input);
    const std::vector<float> torch_q = ExpectedOutputs(reference_["quantize_dynamic"][i]);
    ASSERT_EQ(q.size(), f.size());
    ASSERT_EQ(torch_q.size(), f.size());
    if (tc) {
      const size_t labels = int8_->config().labels.size();
      for (size_t t = 0; t < q.size() / labels; ++t) {
        check_top1(q, f, torch_q, t * labels, (t + 1) * labels,
                   "token " + std::to_string(t) + ", input " + std::to_string(i));
      }
    } else if (qa) {
      const size_t n = q.size() / 2;
      check_top1(q, f, torch_q, 0, n, "start, input " + std::to_string(i));
      check_top1(q, f, torch_q, n, 2 * n, "end, input " + std::to_string(i));
    } else {
      check_top1(q, f, torch_q, 0, f.size(), "input " + std::to_string(i));
    }
    for (float v : f) max_logit = std::max(max_logit, static_cast<double>(std::fabs(v)));
    ours.Add(q, f);
    torch_dynamic.Add(torch_q, ExpectedOutputs(input));
  }
  std::printf(
      "[ int8 ] %s: nmse %.3g max_abs %.4f (max |logit| %.2f) | quantize_dynamic nmse %.3g "
      "max_abs %.4f | top-1 checked %d, near-ties skipped %d, flipped by quantize_dynamic too "
      "%d\n",
      GetParam().c_str(), ours.nmse(), ours.max_abs, max_logit, torch_dynamic.nmse(),
      torch_dynamic.max_abs, checked, ties, torch_flips);
  // Measured on the fixtures (random weights, 2-3 layers) with VNNI: nmse 1.2e-3 to 3.7e-3, max
  // abs error at most 8.4 % of the largest logit. Without VNNI activations keep 7 bits
  // (ActivationQuantMax): nmse up to 6.4e-3, max abs error 12.5 % of the largest logit.
  const bool full_range = ActivationQuantMax() == 255;
  EXPECT_LT(ours.nmse(), full_range ? 5e-3 : 1e-2);
  EXPECT_LT(ours.max_abs, testing::Int8MaxAbsErrorFraction() * max_logit);
  EXPECT_LE(ours.nmse(), torch_dynamic.nmse());
  EXPECT_LE(ours.max_abs, torch_dynamic.max_abs);
  EXPECT_GE(checked, ties + torch_flips)
      << "at least half the outputs must be decisive enough to check";
}

TEST_P(Int8FidelityTest, SequenceIsBitIdenticalAloneAndInAnyBatch) {
  const auto& inputs = reference_["inputs"];
  std::vector<std::vector<float>> alone;
  for (const auto& input : inputs) alone.push_back(RunAlone(*int8_, input));
  // All inputs together, in reverse order, on a 2-thread workspace.
  SequenceBatch batch;
  for (size_t i = inputs.size(); i-- > 0;) {
    batch.Add(inputs[i]["ids"].get<std::vector<int32_t>>(),
              inputs[i]["type_ids"].get<std::vector<int32_t>>());
  }
  Workspace ws(2);
  Matrix logits;
  ASSERT_OK(int8_->Forward(batch, &ws, &logits));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int64_t s = static_cast<int64_t>(inputs.size() - 1 - i);
    EXPECT_EQ(ModelOutputs(*int8_, batch, logits, s), alone[i]) << "input " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Int8FidelityTest, ::testing::ValuesIn(testing::FixtureNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace octet
