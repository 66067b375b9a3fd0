// Loading broken model folders: every failure is reported at load, names the file (and tensor
// or field), and says what was expected.

#include <filesystem>
#include <fstream>

#include "core/io/safetensors.h"
#include "core/models/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/fixture_util.h"
#include "tests/safetensors_writer.h"
#include "tests/test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

// A writable copy of a fixture folder.
class BrokenModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& entry : fs::directory_iterator(testing::FixtureDir("bert_cls2"))) {
      fs::copy_file(entry.path(), fs::path(dir_.path()) / entry.path().filename());
    }
  }
  std::string Path(const std::string& name) const { return dir_.Join(name); }
  absl::Status Load() const { return Model::Load(dir_.path(), LoadOptions()).status(); }

  void EditConfig(const std::function<void(nlohmann::json&)>& edit) const {
    auto j = nlohmann::json::parse(octet::testing::ReadFileOrDie(Path("config.json")));
    edit(j);
    std::ofstream(Path("config.json")) << j.dump(2);
  }

  // Rewrites model.safetensors without the named tensors.
  void DropTensors(const std::set<std::string>& drop) const {
    auto file = SafetensorsFile::Open(Path("model.safetensors"));
    ASSERT_TRUE(file.ok()) << file.status();
    octet::testing::SafetensorsWriter writer;
    for (const auto& [name, info] : (*file)->tensors()) {
      if (drop.count(name)) continue;
      const auto bytes = (*file)->RawBytes(info);
      writer.Add(name, DTypeName(info.dtype), info.shape,
                 std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    file->reset();
    writer.WriteTo(Path("model.safetensors"));
  }

  octet::testing::TempDir dir_;
};

TEST_F(BrokenModelTest, TheCopyLoads) { ASSERT_OK(Load()); }

TEST_F(BrokenModelTest, MissingTensorsAreAllListed) {
  DropTensors({"classifier.weight", "bert.encoder.layer.1.output.dense.bias"});
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kNotFound,
                               AllOf(HasSubstr("model.safetensors"), HasSubstr("classifier.weight"),
                                     HasSubstr("encoder.layer.1.output.dense.bias"))));
}

TEST_F(BrokenModelTest, ShapeMismatchNamesTensorExpectedAndGot) {
  EditConfig([](nlohmann::json& j) { j["intermediate_size"] = 130; });
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("model.safetensors"),
                                     HasSubstr("encoder.layer.0.intermediate.dense.weight"),
                                     HasSubstr("[128, 64]"), HasSubstr("[130, 64]"))));
}

TEST_F(BrokenModelTest, UnsupportedArchitecture) {
  EditConfig([](nlohmann::json& j) { j["architectures"] = {"BertForMaskedLM"}; });
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("config.json"), HasSubstr("BertForMaskedLM"))));
}

TEST_F(BrokenModelTest, TruncatedWeights) {
  const std::string bytes = octet::testing::ReadFileOrDie(Path("model.safetensors"));
  octet::testing::WriteFileOrDie(Path("model.safetensors"), bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("model.safetensors")));
}

TEST_F(BrokenModelTest, ZeroByteAndWrongMagic) {
  octet::testing::WriteFileOrDie(Path("model.safetensors"), "");
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kDataLoss, HasSubstr("model.safetensors")));
  octet::testing::WriteFileOrDie(Path("model.safetensors"), "PK\x03\x04 this is a zip file");
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("model.safetensors")));
}

TEST_F(BrokenModelTest, PickleOnlyIsRefusedWithTheReason) {
  fs::remove(Path("model.safetensors"));
  octet::testing::WriteFileOrDie(Path("pytorch_model.bin"), "PK\x03\x04not really a pickle");
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kFailedPrecondition,
                               AllOf(HasSubstr("pytorch_model.bin"), HasSubstr("safetensors"),
                                     HasSubstr("pickle"))));
}

TEST_F(BrokenModelTest, MissingTokenizerFiles) {
  fs::remove(Path("tokenizer.json"));
  const absl::Status s = Load();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), AllOf(HasSubstr("tokenizer.json"), HasSubstr("vocab.txt")));
}

TEST_F(BrokenModelTest, TokenizerLargerThanEmbeddingTable) {
  EditConfig([](nlohmann::json& j) { j["vocab_size"] = 100; });
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kInvalidArgument,
                               AllOf(HasSubstr("tokenizer has 643 tokens"),
                                     HasSubstr("vocab_size is 100"))));
}

TEST_F(BrokenModelTest, MissingConfig) {
  fs::remove(Path("config.json"));
  EXPECT_THAT(Load(), StatusIs(absl::StatusCode::kNotFound, HasSubstr("config.json")));
}

}  // namespace
}  // namespace octet
