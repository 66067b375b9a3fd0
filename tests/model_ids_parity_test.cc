// The engine on every fixture's reference token ids, without the fixture's tokenizer: config,
// checkpoint, encoder and head built as Model::Load builds them. So the families' forward
// passes (RoBERTa's position ids, ELECTRA's projection, the heads) are pinned against PyTorch
// whatever the state of their tokenizers; model_parity_test and int8_fidelity_test add the
// tokenizer and the pipelines on the same fixtures.

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/io/checkpoint.h"
#include "core/models/encoder.h"
#include "core/models/family.h"
#include "core/models/task_head.h"
#include "core/models/tensor_names.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::ExpectedOutputs;
using testing::FixtureDir;
using testing::LoadReference;
using testing::MaxRelativeError;

// FP32 against FP32 PyTorch, as model_parity_test.
constexpr double kTolerance = 1e-4;

// An encoder and head without a tokenizer.
struct Network {
  ModelConfig config;
  std::unique_ptr<Encoder> encoder;
  std::unique_ptr<TaskHead> head;

  static Network Load(const std::string& fixture, Precision precision) {
    Network n;
    auto config = ModelConfig::FromFile(FixtureDir(fixture) + "/config.json");
    EXPECT_TRUE(config.ok()) << config.status();
    if (!config.ok()) return n;
    n.config = *config;
    auto ckpt = Checkpoint::Open(FixtureDir(fixture), FamilyOf(n.config.family).checkpoint_prefix);
    EXPECT_TRUE(ckpt.ok()) << ckpt.status();
    if (!ckpt.ok()) return n;
    EXPECT_TRUE((*ckpt)->RequireAll(RequiredTensorNames(n.config)).ok());
    PrecisionPlan plan;
    plan.base = precision;
    auto encoder = Encoder::Load(**ckpt, n.config, plan);
    auto head = TaskHead::Load(**ckpt, n.config, plan);
    EXPECT_TRUE(encoder.ok()) << encoder.status();
    EXPECT_TRUE(head.ok()) << head.status();
    if (encoder.ok()) n.encoder = *std::move(encoder);
    if (head.ok()) n.head = *std::move(head);
    return n;
  }

  // Classification: the logits of each sequence; QA: start logits then end logits of each.
  std::vector<std::vector<float>> Run(const SequenceBatch& batch, int threads = 1) const {
    Workspace ws(threads);
    ws.BindThreads();
    Matrix logits;
    EXPECT_TRUE(encoder->Forward(batch, &ws.hidden, &ws).ok());
    EXPECT_TRUE(head->Forward(batch, ws.hidden, &logits, &ws).ok());
    std::vector<std::vector<float>> out;
    for (int64_t s = 0; s < batch.num_sequences(); ++s) {
      if (config.task == TaskKind::kSequenceClassification) {
        out.emplace_back(logits.row(s), logits.row(s) + logits.cols);
        continue;
      }
      if (config.task == TaskKind::kTokenClassification) {
        out.emplace_back(logits.row(batch.starts[s]), logits.row(batch.starts[s + 1]));
        continue;
      }
      std::vector<float> v;
      for (int col = 0; col < 2; ++col) {
        for (int64_t t = batch.starts[s]; t < batch.starts[s + 1]; ++t) {
          v.push_back(logits.row(t)[col]);
        }
      }
      out.push_back(v);
    }
    return out;
  }
};

SequenceBatch One(const nlohmann::json& input) {
  SequenceBatch batch;
  batch.Add(input["ids"].get<std::vector<int32_t>>(),
            input["type_ids"].get<std::vector<int32_t>>());
  return batch;
}

class IdsParityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { reference_ = LoadReference(GetParam()); }
  nlohmann::json reference_;
};

TEST_P(IdsParityTest, Fp32EachInputAloneAndInBatchesMatchesPyTorch) {
  const Network net = Network::Load(GetParam(), Precision::kFp32);
  ASSERT_NE(net.head, nullptr);
  const auto& inputs = reference_["inputs"];
  double worst = 0;
  SequenceBatch all;
  for (const auto& input : inputs) {
    const double err = MaxRelativeError(net.Run(One(input))[0], ExpectedOutputs(input));
    EXPECT_LT(err, kTolerance) << input["text"];
    worst = std::max(worst, err);
    all.Add(input["ids"].get<std::vector<int32_t>>(),
            input["type_ids"].get<std::vector<int32_t>>());
  }
  // All inputs as one padding-free batch on two threads.
  const auto together = net.Run(all, 2);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const double err = MaxRelativeError(together[i], ExpectedOutputs(inputs[i]));
    EXPECT_LT(err, kTolerance) << "input " << i;
    worst = std::max(worst, err);
  }
  std::printf("[ ids parity ] %s: fp32 max error %.3g\n", GetParam().c_str(), worst);
}

TEST_P(IdsParityTest, Fp32PaddedBatchMatchesPyTorch) {
  // Padded with pad_token_id and mask 0, as the reference's "batch" (RoBERTa's pads read the
  // pad position row, which the mask hides).
  const Network net = Network::Load(GetParam(), Precision::kFp32);
  ASSERT_NE(net.head, nullptr);
  const auto& inputs = reference_["inputs"];
  size_t longest = 0;
  for (const auto& input : inputs) longest = std::max(longest, input["ids"].size());
  SequenceBatch batch;
  for (const auto& input : inputs) {
    auto ids = input["ids"].get<std::vector<int32_t>>();
    auto types = input["type_ids"].get<std::vector<int32_t>>();
    std::vector<int32_t> mask(ids.size(), 1);
    ids.resize(longest, static_cast<int32_t>(net.config.pad_token_id));
    types.resize(longest, 0);
    mask.resize(longest, 0);
    batch.Add(ids, types, mask);
  }
  const auto got = net.Run(batch);
  for (size_t s = 0; s < inputs.size(); ++s) {
    std::vector<float> real = got[s];
    if (net.config.task == TaskKind::kTokenClassification) {
      real.resize(inputs[s]["ids"].size() * net.config.labels.size());
    } else if (net.config.task == TaskKind::kQuestionAnswering) {
      const size_t n = inputs[s]["ids"].size();
      real.assign(got[s].begin(), got[s].begin() + n);
      real.insert(real.end(), got[s].begin() + longest, got[s].begin() + longest + n);
    }
    EXPECT_LT(MaxRelativeError(real, ExpectedOutputs(reference_["batch"][s])), kTolerance)
        << "input " << s;
  }
}

TEST_P(IdsParityTest, Int8NoWorseThanQuantizeDynamicAndBitIdenticalInABatch) {
  const Network q = Network::Load(GetParam(), Precision::kInt8);
  const Network f = Network::Load(GetParam(), Precision::kFp32);
  ASSERT_NE(q.head, nullptr);
  ASSERT_NE(f.head, nullptr);
  const auto& inputs = reference_["inputs"];
  double ours_sq = 0, torch_sq = 0, ref_sq = 0, ours_max = 0, torch_max = 0;
  std::vector<std::vector<float>> alone;
  SequenceBatch reversed;
  for (size_t i = 0; i < inputs.size(); ++i) {
    alone.push_back(q.Run(One(inputs[i]))[0]);
    const std::vector<float> fp32 = f.Run(One(inputs[i]))[0];
    const std::vector<float> want = ExpectedOutputs(inputs[i]);
    const std::vector<float> torch_q = ExpectedOutputs(reference_["quantize_dynamic"][i]);
    ASSERT_EQ(alone[i].size(), want.size());
    for (size_t k = 0; k < want.size(); ++k) {
      const double d = static_cast<double>(alone[i][k]) - fp32[k];
      const double t = static_cast<double>(torch_q[k]) - want[k];
      ours_sq += d * d;
      torch_sq += t * t;
      ref_sq += static_cast<double>(want[k]) * want[k];
      ours_max = std::max(ours_max, std::fabs(d));
      torch_max = std::max(torch_max, std::fabs(t));
    }
  }
  for (size_t i = inputs.size(); i-- > 0;) {
    reversed.Add(inputs[i]["ids"].get<std::vector<int32_t>>(),
                 inputs[i]["type_ids"].get<std::vector<int32_t>>());
  }
  std::printf("[ ids int8 ] %s: nmse %.3g max_abs %.4f | quantize_dynamic nmse %.3g max_abs %.4f\n",
              GetParam().c_str(), ours_sq / ref_sq, ours_max, torch_sq / ref_sq, torch_max);
  EXPECT_LE(ours_sq, torch_sq);
  EXPECT_LE(ours_max, torch_max);
  // A sequence's int8 outputs do not depend on its batch mates, their order or the threads.
  const auto together = q.Run(reversed, 2);
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(together[inputs.size() - 1 - i], alone[i]) << "input " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, IdsParityTest, ::testing::ValuesIn(testing::FixtureNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace octet
