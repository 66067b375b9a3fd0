// The legacy DeBERTa-v3 tokenizer form (spm.model + tokenizer_config.json + added_tokens.json,
// no tokenizer.json) against the tokenizer.json form of the same tokenizer: the folder
// tests/data/fixtures/debertav3_spm holds a SentencePiece model written from
// tests/data/tokenizers/debertav3-style/tokenizer.json (tests/reference/make_spm_model.py;
// the sentencepiece library loads it). transformers' DebertaV2Converter builds the fast
// tokenizer with byte_fallback false, so the comparison is with that file's byte_fallback set
// to false; on texts without unknown characters both also equal the tokenizers crate's ids.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/tokenizer/sentencepiece_model.h"
#include "core/tokenizer/tokenizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::octet::testing::ReadFileOrDie;
using ::octet::testing::TestDataDir;
using ::testing::HasSubstr;

std::string SpmDir() { return TestDataDir() + "/fixtures/debertav3_spm"; }

// The tokenizer.json form with the converter's byte_fallback false, in a temporary folder.
std::unique_ptr<Tokenizer> JsonFormWithoutByteFallback() {
  nlohmann::json j = nlohmann::json::parse(
      ReadFileOrDie(TestDataDir() + "/tokenizers/debertav3-style/tokenizer.json"));
  j["model"]["byte_fallback"] = false;
  const std::string dir = ::testing::TempDir() + "/debertav3_json_no_byte_fallback";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/tokenizer.json") << j.dump();
  auto t = Tokenizer::FromTokenizerJson(dir + "/tokenizer.json");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : nullptr;
}

absl::StatusOr<Encoding> Encode(const Tokenizer& t, const nlohmann::json& r) {
  EncodeOptions options;
  options.add_special_tokens = r.value("add_special_tokens", true);
  const std::string text = r.at("text").get<std::string>();
  return r.contains("text_pair") && r["text_pair"].is_string()
             ? t.EncodePair(text, r["text_pair"].get<std::string>(), options)
             : t.Encode(text, options);
}

TEST(DebertaSpmModel, ReadsThePiecesAndSpecs) {
  const std::string bytes = ReadFileOrDie(SpmDir() + "/spm.model");
  auto m = ParseSentencePieceModel(bytes);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->pieces.size(), 8260u);
  EXPECT_EQ(m->pieces[0].piece, "[PAD]");
  EXPECT_EQ(m->pieces[0].type, SentencePieceModel::PieceType::kControl);
  EXPECT_EQ(m->pieces[3].piece, "[UNK]");
  EXPECT_EQ(m->pieces[3].type, SentencePieceModel::PieceType::kUnknown);
  EXPECT_EQ(m->unk_id, 3);
  EXPECT_EQ(m->model_type, 1);
  EXPECT_TRUE(m->byte_fallback);
  EXPECT_EQ(m->normalizer_name, "nmt_nfkc");
  EXPECT_FALSE(m->precompiled_charsmap.empty());
  EXPECT_TRUE(m->add_dummy_prefix);
  EXPECT_TRUE(m->remove_extra_whitespaces);
}

TEST(DebertaSpmModel, MalformedFilesAreRefusedSayingWhere) {
  const std::string bytes = ReadFileOrDie(SpmDir() + "/spm.model");
  auto truncated = ParseSentencePieceModel(std::string_view(bytes).substr(0, 1000));
  ASSERT_FALSE(truncated.ok());
  EXPECT_THAT(std::string(truncated.status().message()), HasSubstr("at byte"));
  auto empty = ParseSentencePieceModel("");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(std::string(empty.status().message()), HasSubstr("no pieces"));
  // Field 1 (pieces) as a varint instead of a message.
  auto wrong = ParseSentencePieceModel(std::string("\x08\x01", 2));
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(std::string(wrong.status().message()), HasSubstr("ModelProto.pieces"));
}

TEST(DebertaSpmModel, FolderTokenizesAsTheTokenizerJsonForm) {
  auto spm = Tokenizer::FromDirectory(SpmDir());
  ASSERT_TRUE(spm.ok()) << spm.status();
  const std::unique_ptr<Tokenizer> json = JsonFormWithoutByteFallback();
  ASSERT_NE(json, nullptr);
  EXPECT_EQ((*spm)->pad_id(), 0);
  EXPECT_EQ((*spm)->vocab_size(), json->vocab_size());
  int records = 0, crate_checked = 0;
  for (const char* file : {"debertav3-style.crate.jsonl", "debertav3-style.cases.jsonl"}) {
    for (const nlohmann::json& r : testing::TokenizerVectors(file)) {
      SCOPED_TRACE(r.at("text").get<std::string>().substr(0, 80));
      auto a = Encode(**spm, r);
      auto b = Encode(*json, r);
      ASSERT_TRUE(a.ok()) << a.status();
      ASSERT_TRUE(b.ok()) << b.status();
      EXPECT_EQ(a->ids, b->ids);
      EXPECT_EQ(a->tokens, b->tokens);
      EXPECT_EQ(a->type_ids, b->type_ids);
      EXPECT_EQ(a->offsets, b->offsets);
      ++records;
      // Without byte pieces in the crate's answer, byte_fallback changes nothing.
      const auto tokens = r.at("tokens").get<std::vector<std::string>>();
      const bool bytes = std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) {
        return t.size() == 6 && t.rfind("<0x", 0) == 0;
      });
      if (!bytes) {
        EXPECT_EQ(a->ids, r.at("ids").get<std::vector<int32_t>>());
        ++crate_checked;
      }
    }
  }
  EXPECT_GT(records, 300);
  EXPECT_GT(crate_checked, 100);
  // [CLS] A [SEP] B [SEP] with type ids 0 / 1, and [MASK] from added_tokens.json.
  EncodeOptions options;
  auto pair = (*spm)->EncodePair("A man [MASK] a guitar.", "Music.", options);
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_EQ(pair->ids.front(), 1);
  EXPECT_EQ(pair->ids.back(), 2);
  EXPECT_NE(std::find(pair->ids.begin(), pair->ids.end(), 8260), pair->ids.end());
  EXPECT_EQ(pair->type_ids.front(), 0);
  EXPECT_EQ(pair->type_ids.back(), 1);
}

TEST(DebertaSpmModel, SplitByPunctIsRefused) {
  const std::string dir = ::testing::TempDir() + "/debertav3_spm_split_by_punct";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(SpmDir() + "/spm.model", dir + "/spm.model",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/tokenizer_config.json") << R"({"split_by_punct": true})";
  auto t = Tokenizer::FromDirectory(dir);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("split_by_punct"));
}

}  // namespace
}  // namespace octet
