// The seams of the tokenizer pipeline: the per-section tables of the tokenizer.json reader refuse
// an unknown "type" naming the section, and Tokenizer runs whatever pieces it is given (a
// normalizer that merges characters, no pre-tokenizer, no post-processor).

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using ::testing::ElementsAre;

std::string TempDir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("octet_tokenizer_seams_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// A minimal valid tokenizer.json: WordPiece over [UNK] a b, BertNormalizer, BertPreTokenizer,
// no post-processor.
Json MinimalTokenizerJson() {
  return {{"model", {{"type", "WordPiece"}, {"vocab", {{"[UNK]", 0}, {"a", 1}, {"b", 2}}}}},
          {"normalizer", {{"type", "BertNormalizer"}}},
          {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
          {"post_processor", nullptr},
          {"added_tokens", Json::array()}};
}

// The status of loading MinimalTokenizerJson() with `section` replaced by `value`.
absl::Status LoadWith(const std::string& path, const char* section, const Json& value) {
  Json j = MinimalTokenizerJson();
  j[section] = value;
  std::ofstream(path, std::ios::binary) << j.dump();
  return Tokenizer::FromTokenizerJson(path).status();
}

TEST(TokenizerJsonTablesTest, AnUnknownTypeIsRefusedNamingTheSectionAndTheType) {
  const std::string path = TempDir("types") + "/tokenizer.json";
  ASSERT_TRUE(LoadWith(path, "post_processor", nullptr).ok());
  const absl::Status normalizer = LoadWith(path, "normalizer", {{"type", "Prepend"}});
  EXPECT_EQ(normalizer.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(normalizer.message(),
            path +
                ": \"normalizer\": expected null, a Sequence, a BertNormalizer, a Lowercase, an "
                "NFC, an NFD, an NFKC, an NFKD, a Precompiled, a Replace, a Strip or a "
                "StripAccents, got {\"type\":\"Prepend\"}");
  EXPECT_EQ(
      LoadWith(path, "pre_tokenizer", {{"type", "Punctuation"}}).message(),
      path +
          ": \"pre_tokenizer\": expected null, a Sequence, a BertPreTokenizer, a ByteLevel, a "
          "Metaspace or a WhitespaceSplit, got {\"type\":\"Punctuation\"}");
  EXPECT_EQ(LoadWith(path, "model", {{"type", "WordLevel"}, {"vocab", Json::array()}}).message(),
            path +
                ": \"model.type\": expected \"WordPiece\", \"BPE\" or \"Unigram\", got "
                "\"WordLevel\"");
  // A model without "type" but with merges is read as BPE (here: a merge of unknown tokens).
  EXPECT_EQ(LoadWith(path, "model", {{"vocab", {{"a", 0}}}, {"merges", {"a b"}}}).message(),
            path + ": BPE merges: merge 1 (\"a b\") uses \"b\", which is not in the vocabulary");
  EXPECT_EQ(LoadWith(path, "post_processor", {{"type", "Sequence"}}).message(),
            path +
                ": \"post_processor\": expected null, TemplateProcessing, BertProcessing, "
                "RobertaProcessing or ByteLevel, got {\"type\":\"Sequence\"}");
}

TEST(TokenizerJsonTablesTest, ADirectoryWithoutTokenizerFilesNamesTheFilesItLooksFor) {
  const std::string dir = TempDir("empty");
  const absl::Status s = Tokenizer::FromDirectory(dir).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(),
            dir + ": no tokenizer.json, vocab.txt, vocab.json or spm.model in the model directory");
}

// Folds "ae" into 'æ' (one output character from two original ones) and copies the rest.
class LigatureNormalizer : public Normalizer {
 public:
  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override {
    for (size_t i = 0; i < n; ++i) {
      const auto at = first_index + static_cast<int32_t>(i);
      if (chars[i] == U'a' && i + 1 < n && chars[i + 1] == U'e') {
        out->chars.push_back(U'æ');
        out->origin.push_back({at, at + 2});
        ++i;
        continue;
      }
      out->chars.push_back(chars[i]);
      out->origin.push_back({at, at + 1});
    }
  }
};

std::unique_ptr<TokenizerModel> Model(std::vector<std::string> vocab) {
  auto model = WordPiece::Create(std::make_unique<Vocab>(std::move(vocab)), WordPieceOptions());
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *std::move(model) : nullptr;
}

TEST(TokenizerSeamsTest, OffsetsFollowTheNormalizerAlignments) {
  TokenizerSpec spec;
  spec.normalizer = std::make_unique<LigatureNormalizer>();
  spec.pre_tokenizer = std::make_unique<BertPreTokenizer>();
  spec.model = Model({"[UNK]", "æ", "##b", "x"});
  auto tokenizer = Tokenizer::FromSpec(std::move(spec));
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  const auto e = (*tokenizer)->Encode("aeb x", EncodeOptions());
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_THAT(e->tokens, ElementsAre("æ", "##b", "x"));
  EXPECT_THAT(e->ids, ElementsAre(1, 2, 3));
  EXPECT_THAT(e->offsets, ElementsAre(ElementsAre(0, 2), ElementsAre(2, 3), ElementsAre(4, 5)));
  EXPECT_THAT(e->byte_offsets,
              ElementsAre(ElementsAre(0, 2), ElementsAre(2, 3), ElementsAre(4, 5)));
  const auto words = (*tokenizer)->PreTokenize("aeb x");
  ASSERT_TRUE(words.ok()) << words.status();
  ASSERT_EQ(words->size(), 2u);
  EXPECT_EQ((*words)[0].text, "æb");
  EXPECT_THAT((*words)[0].offsets, ElementsAre(0, 3));
}

TEST(TokenizerSeamsTest, WithoutPreTokenizerOrPostProcessorEachTextIsOneWord) {
  TokenizerSpec spec;
  spec.model = Model({"[UNK]", "a b", "c"});
  auto tokenizer = Tokenizer::FromSpec(std::move(spec));
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  EXPECT_EQ((*tokenizer)->normalizer(), nullptr);
  EXPECT_EQ((*tokenizer)->pre_tokenizer(), nullptr);
  EXPECT_EQ((*tokenizer)->post_processor().AddedTokens(true), 0);
  const auto e = (*tokenizer)->EncodePair("a b", "c", EncodeOptions());
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_THAT(e->ids, ElementsAre(1, 2));
  EXPECT_THAT(e->type_ids, ElementsAre(0, 1));
  EXPECT_THAT(e->offsets, ElementsAre(ElementsAre(0, 3), ElementsAre(0, 1)));
  EXPECT_EQ((*tokenizer)->cls_id(), -1);
  EXPECT_EQ((*tokenizer)->unk_id(), 0);
}

TEST(TokenizerSeamsTest, ASpecWithoutModelIsRefused) {
  const absl::Status s = Tokenizer::FromSpec(TokenizerSpec()).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "a tokenizer needs a model: expected one, got none");
}

}  // namespace
}  // namespace octet
