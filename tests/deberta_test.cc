// DeBERTa-v2 / v3: the relative-position buckets and table rows, the config fields the family
// reads and the variants it refuses at start-up. The model-level checks (parity with the
// PyTorch reference, int8 fidelity, bit-identity across batches and threads) run on the
// debertav3_cls, debertav3_qa and debertav2_cls fixtures in the shared fixture suites.

#include <string>
#include <vector>

#include "core/layers/relative_position.h"
#include "core/models/model_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::HasSubstr;

TEST(RelativeBucket, DebertaV3BucketsAreExactNearAndLogarithmicFar) {
  const RelativePositionSpec v3{256, 512};  // position_buckets 256, max_relative_positions 512
  // Values of the float32 PyTorch reference (tests/reference/reference_model.py log_bucket).
  const std::vector<std::pair<int64_t, int64_t>> cases = {
      {0, 0},     {1, 1},     {-5, -5},   {128, 128}, {140, 137}, {160, 149},  {200, 169},
      {256, 192}, {300, 207}, {400, 233}, {511, 255}, {512, 256}, {-140, -137}};
  for (const auto& [r, want] : cases) EXPECT_EQ(RelativeBucket(r, v3), want) << "r = " << r;
  // Rows of the [512, H] table: bucket + 256, clamped to [0, 511].
  EXPECT_EQ(RelativeTableRow(0, v3), 256);
  EXPECT_EQ(RelativeTableRow(-511, v3), 1);
  EXPECT_EQ(RelativeTableRow(512, v3), 511);  // bucket 256 + 256 = 512, clamped
}

TEST(RelativeBucket, SmallTablesClampAndRawDistancesWithoutBuckets) {
  // debertav3_qa: 16 buckets over max_relative_positions 64.
  const RelativePositionSpec qa{16, 64};
  const std::vector<std::pair<int64_t, int64_t>> buckets = {
      {8, 8}, {9, 9}, {20, 12}, {40, 14}, {63, 15}, {64, 16}, {90, 17}, {200, 19}, {-90, -17}};
  for (const auto& [r, want] : buckets) EXPECT_EQ(RelativeBucket(r, qa), want) << "r = " << r;
  EXPECT_EQ(RelativeTableRow(63, qa), 31);
  EXPECT_EQ(RelativeTableRow(90, qa), 31);  // 17 + 16 = 33 → the last of 32 rows
  EXPECT_EQ(RelativeTableRow(-90, qa), 0);
  // debertav3_cls: 32 buckets over 512.
  const RelativePositionSpec cls{32, 512};
  EXPECT_EQ(RelativeBucket(17, cls), 17);
  EXPECT_EQ(RelativeBucket(30, cls), 19);
  EXPECT_EQ(RelativeBucket(130, cls), 26);
  // No buckets (debertav2_cls): the distance itself, clamped to ±span.
  const RelativePositionSpec raw{-1, 24};
  EXPECT_EQ(RelativeBucket(100, raw), 100);
  EXPECT_EQ(RelativeTableRow(5, raw), 29);
  EXPECT_EQ(RelativeTableRow(30, raw), 47);
  EXPECT_EQ(RelativeTableRow(-30, raw), 0);
}

TEST(RelativeBucket, TableRowsOfASequenceRunFromItsLongestBackwardToForwardDistance) {
  const RelativePositionSpec qa{16, 64};
  const std::vector<int32_t> rows = RelativeTableRows(3, qa);  // distances -2 … 2
  EXPECT_THAT(rows, ::testing::ElementsAre(14, 15, 16, 17, 18));
  const std::vector<int32_t> long_rows = RelativeTableRows(100, qa);
  ASSERT_EQ(long_rows.size(), 199u);
  EXPECT_EQ(long_rows.front(), 0);
  EXPECT_EQ(long_rows.back(), 31);
  for (size_t i = 1; i < long_rows.size(); ++i) EXPECT_LE(long_rows[i - 1], long_rows[i]);
}

constexpr char kSource[] = "deberta/config.json";

nlohmann::json V3Config() {
  return nlohmann::json::parse(R"({
    "architectures": ["DebertaV2ForSequenceClassification"], "model_type": "deberta-v2",
    "vocab_size": 128100, "hidden_size": 768, "num_hidden_layers": 12,
    "num_attention_heads": 12, "intermediate_size": 3072, "hidden_act": "gelu",
    "max_position_embeddings": 512, "type_vocab_size": 0, "layer_norm_eps": 1e-7,
    "relative_attention": true, "position_buckets": 256, "max_relative_positions": -1,
    "pos_att_type": ["p2c", "c2p"], "share_att_key": true, "norm_rel_ebd": "layer_norm",
    "position_biased_input": false, "pooler_hidden_size": 768, "pooler_hidden_act": "gelu",
    "pad_token_id": 0,
    "id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"}})");
}

TEST(DebertaConfig, ReadsTheV3Fields) {
  auto c = ModelConfig::Parse(V3Config().dump(), kSource);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->family, ModelFamily::kDebertaV2);
  EXPECT_EQ(c->type_vocab_size, 0);
  EXPECT_FALSE(c->absolute_positions);
  EXPECT_FLOAT_EQ(c->layer_norm_eps, 1e-7f);
  const RelativeAttentionConfig& r = c->relative;
  EXPECT_TRUE(r.enabled && r.c2p && r.p2c && r.share_att_key && r.norm_embeddings);
  EXPECT_EQ(r.buckets, 256);
  EXPECT_EQ(r.max_relative_positions, 512);  // -1 → max_position_embeddings
  EXPECT_EQ(r.span(), 256);
  EXPECT_EQ(r.scale_factor(), 3);
  EXPECT_EQ(c->labels.size(), 3u);
}

TEST(DebertaConfig, ReadsTheV2StyleFieldsAndTheStringFormOfPosAttType) {
  nlohmann::json j = V3Config();
  j["pos_att_type"] = "C2P | p2c";
  j.erase("position_buckets");
  j["max_relative_positions"] = 128;
  j["share_att_key"] = false;
  j["norm_rel_ebd"] = "none";
  j["position_biased_input"] = true;
  j["type_vocab_size"] = 2;
  auto c = ModelConfig::Parse(j.dump(), kSource);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->absolute_positions);
  EXPECT_EQ(c->type_vocab_size, 2);
  EXPECT_TRUE(c->relative.c2p && c->relative.p2c);
  EXPECT_FALSE(c->relative.share_att_key || c->relative.norm_embeddings);
  EXPECT_EQ(c->relative.buckets, -1);
  EXPECT_EQ(c->relative.span(), 128);
  // Without pos_att_type there are no terms and the scale is BERT's.
  j.erase("pos_att_type");
  c = ModelConfig::Parse(j.dump(), kSource);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->relative.scale_factor(), 1);
}

void ExpectRefused(const nlohmann::json& j, const std::vector<std::string>& fragments) {
  auto c = ModelConfig::Parse(j.dump(), kSource);
  ASSERT_FALSE(c.ok()) << j.dump();
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  for (const std::string& f : fragments) {
    EXPECT_THAT(std::string(c.status().message()), HasSubstr(f)) << c.status();
  }
}

TEST(DebertaConfig, RefusesUnsupportedVariantsNamingTheField) {
  nlohmann::json j = V3Config();
  j["conv_kernel_size"] = 3;
  ExpectRefused(j, {kSource, "'conv_kernel_size'", "3"});
  j = V3Config();
  j["pos_att_type"] = "c2p|p2p";
  ExpectRefused(j, {"'pos_att_type'", "'p2p'", "c2p, p2c"});
  j = V3Config();
  j["pos_att_type"] = 3;
  ExpectRefused(j, {"'pos_att_type'", "got 3"});
  j = V3Config();
  j["norm_rel_ebd"] = "layer_norm|batch_norm";
  ExpectRefused(j, {"'norm_rel_ebd'", "'batch_norm'"});
  j = V3Config();
  j["embedding_size"] = 128;
  ExpectRefused(j, {"'embedding_size'", "128", "768"});
  j = V3Config();
  j["pooler_hidden_act"] = "tanh";
  ExpectRefused(j, {"'pooler_hidden_act'"});
  j = V3Config();
  j["pooler_hidden_size"] = 1024;
  ExpectRefused(j, {"'pooler_hidden_size'", "1024", "768"});
  j = V3Config();
  j["attention_head_size"] = 32;
  ExpectRefused(j, {"'attention_head_size'", "32"});
  j = V3Config();
  j["position_buckets"] = 600;
  j["max_relative_positions"] = 256;
  ExpectRefused(j, {"'position_buckets'", "600", "256"});
  j = V3Config();
  j["type_vocab_size"] = -1;
  ExpectRefused(j, {"'type_vocab_size'"});
  // DeBERTa v1 (model_type "deberta", byte-level BPE, another attention) is not a family here.
  j = V3Config();
  j["architectures"] = {"DebertaForSequenceClassification"};
  j["model_type"] = "deberta";
  ExpectRefused(j, {"unsupported architecture 'DebertaForSequenceClassification'",
                    "DebertaV2ForSequenceClassification"});
}

}  // namespace
}  // namespace octet
