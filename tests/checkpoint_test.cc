#include "core/io/checkpoint.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/safetensors_writer.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::octet::testing::LeBytes;
using ::octet::testing::SafetensorsWriter;
using ::octet::testing::TempDir;
using ::octet::testing::WriteFileOrDie;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(CanonicalName, StripsPrefixAndRenamesGammaBeta) {
  EXPECT_EQ(
      Checkpoint::CanonicalName("bert.encoder.layer.0.attention.output.LayerNorm.gamma", "bert."),
      "encoder.layer.0.attention.output.LayerNorm.weight");
  EXPECT_EQ(Checkpoint::CanonicalName("bert.embeddings.LayerNorm.beta", "bert."),
            "embeddings.LayerNorm.bias");
  EXPECT_EQ(
      Checkpoint::CanonicalName("distilbert.transformer.layer.1.ffn.lin1.weight", "distilbert."),
      "transformer.layer.1.ffn.lin1.weight");
  EXPECT_EQ(Checkpoint::CanonicalName("classifier.weight", "bert."), "classifier.weight");
  EXPECT_EQ(Checkpoint::CanonicalName("embeddings.LayerNorm.gamma", "bert."),
            "embeddings.LayerNorm.weight");
  // Only the leading base-model prefix, and only LayerNorm gamma/beta.
  EXPECT_EQ(Checkpoint::CanonicalName("cls.predictions.bert.x", "bert."), "cls.predictions.bert.x");
  EXPECT_EQ(Checkpoint::CanonicalName("bert.pooler.gamma", "bert."), "pooler.gamma");
  EXPECT_EQ(Checkpoint::CanonicalName("bertx.weight", "bert."), "bertx.weight");
}

TEST(CanonicalName, StripsOnlyTheGivenFamilyPrefix) {
  EXPECT_EQ(Checkpoint::CanonicalName("roberta.encoder.layer.0.output.dense.weight", "roberta."),
            "encoder.layer.0.output.dense.weight");
  EXPECT_EQ(Checkpoint::CanonicalName("electra.embeddings_project.weight", "electra."),
            "embeddings_project.weight");
  // Another family's prefix stays: a BERT checkpoint's tensors are not RoBERTa's.
  EXPECT_EQ(Checkpoint::CanonicalName("bert.embeddings.LayerNorm.weight", "roberta."),
            "bert.embeddings.LayerNorm.weight");
  EXPECT_EQ(Checkpoint::CanonicalName("roberta.pooler.dense.bias", ""),
            "roberta.pooler.dense.bias");
}

class CheckpointTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return dir_.Join(name); }
  TempDir dir_;
};

TEST_F(CheckpointTest, SingleFileCanonicalNamesAndReads) {
  SafetensorsWriter w;
  w.AddF32("bert.embeddings.LayerNorm.gamma", {4}, {1, 2, 3, 4})
      .AddF32("bert.embeddings.LayerNorm.beta", {4}, {0, 0, 0, 1})
      .AddF32("bert.pooler.dense.weight", {3, 4}, std::vector<float>(12, 0.5f))
      .Add("bert.embeddings.position_ids", "I64", {1, 2}, LeBytes<int64_t>({0, 1}))
      .Add("classifier.weight", "F16", {2}, LeBytes<uint16_t>({0x3C00, 0xC000}));
  const std::string file = w.WriteTo(Path("model.safetensors"));
  auto ckpt = Checkpoint::Open(dir_.path(), "bert.");
  ASSERT_TRUE(ckpt.ok()) << ckpt.status();
  const Checkpoint& c = **ckpt;
  EXPECT_THAT(c.Names(), ElementsAre("classifier.weight", "embeddings.LayerNorm.bias",
                                     "embeddings.LayerNorm.weight", "embeddings.position_ids",
                                     "pooler.dense.weight"));
  EXPECT_TRUE(c.Has("embeddings.LayerNorm.weight"));
  EXPECT_FALSE(c.Has("bert.embeddings.LayerNorm.gamma"));
  EXPECT_EQ(c.FileOf("pooler.dense.weight"), file);
  EXPECT_EQ(c.FileOf("missing"), "");
  EXPECT_EQ(c.source(), file);
  ASSERT_NE(c.Info("embeddings.LayerNorm.weight"), nullptr);
  EXPECT_EQ(c.Info("embeddings.LayerNorm.weight")->name, "bert.embeddings.LayerNorm.gamma");

  auto gamma = c.ReadFloat("embeddings.LayerNorm.weight", {4});
  ASSERT_TRUE(gamma.ok()) << gamma.status();
  EXPECT_THAT(*gamma, ElementsAre(1, 2, 3, 4));
  auto beta = c.ReadFloat("embeddings.LayerNorm.bias", {4});
  ASSERT_TRUE(beta.ok());
  EXPECT_THAT(*beta, ElementsAre(0, 0, 0, 1));
  auto half = c.ReadFloat("classifier.weight", {2});
  ASSERT_TRUE(half.ok());
  EXPECT_THAT(*half, ElementsAre(1.0f, -2.0f));

  // Shape mismatch: original name, got vs expected, the file.
  EXPECT_THAT(c.ReadFloat("pooler.dense.weight", {4, 4}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(file + ": tensor 'bert.pooler.dense.weight': shape [3, 4], "
                                        "expected [4, 4]")));
  EXPECT_THAT(
      c.ReadFloat("embeddings.LayerNorm.weight", {1, 4}).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shape [4], expected [1, 4]")));
  // Non-float extras are present but only fail when read as float.
  EXPECT_THAT(c.ReadFloat("embeddings.position_ids", {1, 2}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(file), HasSubstr("'bert.embeddings.position_ids'"),
                             HasSubstr("dtype I64, expected F32, F16 or BF16"))));
  EXPECT_THAT(c.ReadFloat("pooler.dense.bias", {3}).status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr(file), HasSubstr("'pooler.dense.bias'"))));
}

TEST_F(CheckpointTest, DistilBertAndUnprefixedNames) {
  SafetensorsWriter()
      .AddF32("distilbert.transformer.layer.0.sa_layer_norm.weight", {2}, {1, 1})
      .AddF32("pre_classifier.bias", {2}, {0, 0})
      .WriteTo(Path("model.safetensors"));
  auto ckpt = Checkpoint::Open(dir_.path() + "/", "distilbert.");  // trailing slash is fine
  ASSERT_TRUE(ckpt.ok()) << ckpt.status();
  EXPECT_THAT((*ckpt)->Names(),
              ElementsAre("pre_classifier.bias", "transformer.layer.0.sa_layer_norm.weight"));

  TempDir bare;  // a bare BertModel export: no prefix at all
  SafetensorsWriter()
      .AddF32("embeddings.word_embeddings.weight", {1, 2}, {1, 2})
      .WriteTo(bare.Join("model.safetensors"));
  auto bare_ckpt = Checkpoint::Open(bare.path(), "bert.");
  ASSERT_TRUE(bare_ckpt.ok()) << bare_ckpt.status();
  EXPECT_THAT((*bare_ckpt)->Names(), ElementsAre("embeddings.word_embeddings.weight"));
}

TEST_F(CheckpointTest, CanonicalNameCollisionIsAnError) {
  SafetensorsWriter()
      .AddF32("bert.embeddings.LayerNorm.gamma", {1}, {1})
      .AddF32("embeddings.LayerNorm.weight", {1}, {1})
      .WriteTo(Path("model.safetensors"));
  EXPECT_THAT(Checkpoint::Open(dir_.path(), "bert.").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("'bert.embeddings.LayerNorm.gamma'"),
                             HasSubstr("'embeddings.LayerNorm.weight'"),
                             HasSubstr("same canonical name"), HasSubstr("model.safetensors"))));
}

TEST_F(CheckpointTest, RequireAllListsEveryMissingName) {
  SafetensorsWriter()
      .AddF32("bert.a", {1}, {1})
      .AddF32("b", {1}, {1})
      .WriteTo(Path("model.safetensors"));
  auto ckpt = Checkpoint::Open(dir_.path(), "bert.");
  ASSERT_TRUE(ckpt.ok());
  EXPECT_TRUE((*ckpt)->RequireAll({"a", "b"}).ok());
  EXPECT_TRUE((*ckpt)->RequireAll({}).ok());
  EXPECT_THAT((*ckpt)->RequireAll({"a", "x", "b", "y", "z", "x"}),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr(Path("model.safetensors")),
                             HasSubstr("3 required tensors are missing: 'x', 'y', 'z' (names "
                                       "are canonical: without the 'bert.' prefix)"))));

  std::vector<std::string> many;
  for (int i = 0; i < 25; ++i) many.push_back(absl::StrCat("missing.", i));
  const absl::Status status = (*ckpt)->RequireAll(many);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound,
                               AllOf(HasSubstr("25 required tensors"), HasSubstr("'missing.0'"),
                                     HasSubstr("'missing.19' and 5 more"),
                                     Not(HasSubstr("'missing.20'")))));
}

// Two shards plus an index, as save_pretrained(max_shard_size=...) writes them.
void WriteShardedCheckpoint(const TempDir& dir) {
  SafetensorsWriter()
      .AddF32("bert.embeddings.word_embeddings.weight", {2, 2}, {1, 2, 3, 4})
      .AddF32("bert.embeddings.LayerNorm.gamma", {2}, {1, 1})
      .AddF32("not.in.index", {1}, {0})
      .WriteTo(dir.Join("model-00001-of-00002.safetensors"));
  SafetensorsWriter()
      .AddF32("classifier.weight", {1, 2}, {5, 6})
      .AddF32("classifier.bias", {1}, {7})
      .WriteTo(dir.Join("model-00002-of-00002.safetensors"));
  WriteFileOrDie(dir.Join("model.safetensors.index.json"), R"({
    "metadata": {"total_size": 40},
    "weight_map": {
      "bert.embeddings.word_embeddings.weight": "model-00001-of-00002.safetensors",
      "bert.embeddings.LayerNorm.gamma": "model-00001-of-00002.safetensors",
      "classifier.weight": "model-00002-of-00002.safetensors",
      "classifier.bias": "model-00002-of-00002.safetensors"
    }})");
}

TEST_F(CheckpointTest, ShardedIndex) {
  WriteShardedCheckpoint(dir_);
  auto ckpt = Checkpoint::Open(dir_.path(), "bert.");
  ASSERT_TRUE(ckpt.ok()) << ckpt.status();
  const Checkpoint& c = **ckpt;
  EXPECT_THAT(c.Names(),
              ElementsAre("classifier.bias", "classifier.weight", "embeddings.LayerNorm.weight",
                          "embeddings.word_embeddings.weight"));
  EXPECT_FALSE(c.Has("not.in.index"));  // present in a shard but not in the index: ignored
  EXPECT_EQ(c.FileOf("classifier.bias"), Path("model-00002-of-00002.safetensors"));
  EXPECT_EQ(c.FileOf("embeddings.LayerNorm.weight"), Path("model-00001-of-00002.safetensors"));
  EXPECT_THAT(c.source(), AllOf(HasSubstr("model.safetensors.index.json"), HasSubstr("2 shards")));
  EXPECT_THAT(*c.ReadFloat("embeddings.word_embeddings.weight", {2, 2}), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(*c.ReadFloat("classifier.weight", {1, 2}), ElementsAre(5, 6));
  EXPECT_THAT(c.ReadFloat("classifier.weight", {2, 1}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(Path("model-00002-of-00002.safetensors") +
                                 ": tensor 'classifier.weight': shape [1, 2], expected [2, 1]")));
  EXPECT_THAT(c.RequireAll({"classifier.bias", "pooler.dense.weight"}),
              StatusIs(absl::StatusCode::kNotFound, AllOf(HasSubstr("model.safetensors.index.json"),
                                                          HasSubstr("'pooler.dense.weight'"))));
}

TEST_F(CheckpointTest, SingleFileWinsOverIndex) {
  WriteShardedCheckpoint(dir_);
  SafetensorsWriter().AddF32("only", {1}, {1}).WriteTo(Path("model.safetensors"));
  auto ckpt = Checkpoint::Open(dir_.path(), "bert.");
  ASSERT_TRUE(ckpt.ok());
  EXPECT_THAT((*ckpt)->Names(), ElementsAre("only"));
}

TEST_F(CheckpointTest, IndexPointingAtMissingShard) {
  WriteShardedCheckpoint(dir_);
  ASSERT_EQ(std::remove(Path("model-00002-of-00002.safetensors").c_str()), 0);
  EXPECT_THAT(Checkpoint::Open(dir_.path(), "bert.").status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("model.safetensors.index.json"),
                             HasSubstr("shard 'model-00002-of-00002.safetensors'"),
                             HasSubstr("'classifier.bias'"), HasSubstr("does not exist"))));
}

TEST_F(CheckpointTest, IndexPointingAtMissingTensor) {
  WriteShardedCheckpoint(dir_);
  SafetensorsWriter()
      .AddF32("classifier.weight", {1, 2}, {5, 6})
      .WriteTo(Path("model-00002-of-00002.safetensors"));  // classifier.bias no longer there
  EXPECT_THAT(Checkpoint::Open(dir_.path(), "bert.").status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("model.safetensors.index.json"),
                             HasSubstr("tensor 'classifier.bias'"),
                             HasSubstr("shard 'model-00002-of-00002.safetensors'"),
                             HasSubstr("no such tensor"))));
}

TEST_F(CheckpointTest, CorruptShardNamesTheShard) {
  WriteShardedCheckpoint(dir_);
  const std::string shard = Path("model-00001-of-00002.safetensors");
  std::string bytes = ::octet::testing::ReadFileOrDie(shard);
  WriteFileOrDie(shard, bytes.substr(0, bytes.size() - 3));
  EXPECT_THAT(Checkpoint::Open(dir_.path(), "bert.").status(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(shard)));
}

TEST_F(CheckpointTest, MalformedIndex) {
  const std::string index = Path("model.safetensors.index.json");
  SafetensorsWriter().AddF32("x", {1}, {1}).WriteTo(Path("shard.safetensors"));
  const struct {
    const char* json;
    const char* message;
  } cases[] = {
      {"{\"weight_map\": ", "not valid JSON"},
      {"[]", "expected an object with 'weight_map'"},
      {"{\"metadata\": {}}", "'weight_map' is missing"},
      {"{\"weight_map\": []}", "'weight_map' is array"},
      {"{\"weight_map\": {}}", "'weight_map' is empty"},
      {"{\"weight_map\": {\"x\": 3}}", "weight_map['x'] is a JSON number"},
      {"{\"weight_map\": {\"x\": \"../shard.safetensors\"}}", "plain file name"},
      {"{\"weight_map\": {\"x\": \"sub/shard.safetensors\"}}", "plain file name"},
      {"{\"weight_map\": {\"x\": \"..\"}}", "plain file name"},
      {"{\"weight_map\": {\"x\": \"\"}}", "plain file name"},
  };
  for (const auto& c : cases) {
    WriteFileOrDie(index, c.json);
    EXPECT_THAT(
        Checkpoint::Open(dir_.path(), "bert.").status(),
        StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr(index), HasSubstr(c.message))))
        << c.json;
  }
  WriteFileOrDie(index, R"({"weight_map": {"x": "shard.safetensors"}})");
  EXPECT_TRUE(Checkpoint::Open(dir_.path(), "bert.").ok());
}

TEST_F(CheckpointTest, PickleOnlyFolderIsRefused) {
  WriteFileOrDie(Path("pytorch_model.bin"), "PK\x03\x04 not really a zip");
  EXPECT_THAT(
      Checkpoint::Open(dir_.path(), "bert.").status(),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr(dir_.path()), HasSubstr("pytorch_model.bin"),
                     HasSubstr("safetensors"), HasSubstr("pickle"),
                     HasSubstr("execute arbitrary code"), HasSubstr("safe_serialization=True"))));
  TempDir sharded_pickle;
  WriteFileOrDie(sharded_pickle.Join("pytorch_model.bin.index.json"), "{}");
  EXPECT_THAT(Checkpoint::Open(sharded_pickle.path(), "bert.").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("pytorch_model.bin.index.json"), HasSubstr("safetensors"))));
}

TEST_F(CheckpointTest, EmptyOrMissingFolder) {
  EXPECT_THAT(Checkpoint::Open(dir_.path(), "bert.").status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr(dir_.path()), HasSubstr("no model weights"),
                             HasSubstr("model.safetensors"))));
  EXPECT_THAT(Checkpoint::Open(Path("nope"), "bert.").status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr(Path("nope")), HasSubstr("does not exist"))));
  WriteFileOrDie(Path("file"), "x");
  EXPECT_THAT(Checkpoint::Open(Path("file"), "bert.").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a directory")));
}

}  // namespace
}  // namespace octet
