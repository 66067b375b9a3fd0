// The one definition of a model's token limit (core/tasks/token_limit.h).

#include <memory>

#include "core/tasks/token_limit.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"

namespace octet {
namespace {

std::unique_ptr<Tokenizer> Toy() {
  // No tokenizer_config.json: model_max_length is 512.
  auto t = Tokenizer::FromVocab({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "a"}, NormalizerOptions());
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

TEST(TaskTokenLimitTest, PositionTableBelowTheTokenizerLimit) {
  auto tok = Toy();
  ASSERT_EQ(tok->model_max_length(), 512);
  ModelConfig config;
  config.max_position_embeddings = 128;
  EXPECT_EQ(MaxTokens(config, *tok), 128);
}

TEST(TaskTokenLimitTest, TokenizerLimitBelowThePositionTable) {
  auto tok = Toy();
  ModelConfig config;
  config.max_position_embeddings = 1024;
  EXPECT_EQ(MaxTokens(config, *tok), 512);
}

TEST(TaskTokenLimitTest, RobertaPositionOffsetCountsAgainstThePositionTable) {
  // roberta-base: 514 rows, pad_token_id 1, the first token reads row 2: 512 tokens.
  auto tok = Toy();
  auto config = ModelConfig::Parse(
      R"({"architectures": ["RobertaForSequenceClassification"], "vocab_size": 100,
          "max_position_embeddings": 514, "pad_token_id": 1})",
      "config.json");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_sequence_length(), 512);
  EXPECT_EQ(MaxTokens(*config, *tok), 512);
  config->max_position_embeddings = 130;
  EXPECT_EQ(MaxTokens(*config, *tok), 128);
}

TEST(TaskTokenLimitTest, LoadedModel) {
  // bert_cls2: max_position_embeddings 128, tokenizer_config.json model_max_length 128.
  LoadOptions options;
  auto model = Model::Load(testing::FixtureDir("bert_cls2"), options);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(MaxTokens(**model), 128);
}

}  // namespace
}  // namespace octet
