// Loading tests: tokenizer.json vs vocab.txt, tokenizer_config.json overrides, added tokens from
// tokenizer.json, and clear errors for bad files.

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/tokenizer/tokenizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<std::string> kVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                         "hello", "world", "##s",   "a",     "b",
                                         "q1",    "你",    "好",    "foo"};

// A fresh, empty directory for one test.
std::string TempDir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("octet_tokenizer_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

std::string VocabTxt(const std::vector<std::string>& tokens) {
  std::string s;
  for (const std::string& t : tokens) s += t + "\n";
  return s;
}

// A small tokenizer.json in the layout of the bert-base-uncased one.
Json ToyTokenizerJson() {
  Json vocab = Json::object();
  for (size_t i = 0; i < kVocab.size(); ++i) vocab[kVocab[i]] = i;
  Json added = Json::array();
  for (int id : {0, 1, 2, 3, 4}) {
    added.push_back({{"id", id},
                     {"content", kVocab[id]},
                     {"single_word", false},
                     {"lstrip", false},
                     {"rstrip", false},
                     {"normalized", false},
                     {"special", true}});
  }
  const auto special = [](const char* id, int type_id) {
    return Json{{"SpecialToken", {{"id", id}, {"type_id", type_id}}}};
  };
  const auto sequence = [](const char* id, int type_id) {
    return Json{{"Sequence", {{"id", id}, {"type_id", type_id}}}};
  };
  return Json{{"version", "1.0"},
              {"truncation", nullptr},
              {"padding", nullptr},
              {"added_tokens", added},
              {"normalizer",
               {{"type", "BertNormalizer"},
                {"clean_text", true},
                {"handle_chinese_chars", true},
                {"strip_accents", nullptr},
                {"lowercase", true}}},
              {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
              {"post_processor",
               {{"type", "TemplateProcessing"},
                {"single", {special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)}},
                {"pair",
                 {special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1),
                  special("[SEP]", 1)}},
                {"special_tokens",
                 {{"[CLS]", {{"id", "[CLS]"}, {"ids", {2}}, {"tokens", {"[CLS]"}}}},
                  {"[SEP]", {{"id", "[SEP]"}, {"ids", {3}}, {"tokens", {"[SEP]"}}}}}}}},
              {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}, {"cleanup", true}}},
              {"model",
               {{"unk_token", "[UNK]"},
                {"continuing_subword_prefix", "##"},
                {"max_input_chars_per_word", 100},
                {"vocab", vocab}}}};
}

std::unique_ptr<Tokenizer> MustLoad(absl::StatusOr<std::unique_ptr<Tokenizer>> t) {
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : nullptr;
}

std::vector<std::string> Tokens(const Tokenizer& t, std::string_view text) {
  auto e = t.Encode(text, {});
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? e->tokens : std::vector<std::string>();
}

void ExpectSameEncoding(const Encoding& a, const Encoding& b) {
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.tokens, b.tokens);
  EXPECT_EQ(a.type_ids, b.type_ids);
  EXPECT_EQ(a.attention_mask, b.attention_mask);
  EXPECT_EQ(a.special_tokens_mask, b.special_tokens_mask);
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.byte_offsets, b.byte_offsets);
  EXPECT_EQ(a.sequence_ids, b.sequence_ids);
  EXPECT_EQ(a.word_ids, b.word_ids);
  ASSERT_EQ(a.overflowing.size(), b.overflowing.size());
  for (size_t i = 0; i < a.overflowing.size(); ++i) {
    ExpectSameEncoding(a.overflowing[i], b.overflowing[i]);
  }
}

TEST(TokenizerLoaderTest, TokenizerJsonAndVocabTxtGiveIdenticalOutput) {
  const std::string real = ::octet::testing::TestDataDir() + "/tokenizers/bert-base-uncased/";
  // Through FromDirectory, once with only tokenizer.json and once with only vocab.txt.
  const std::string json_dir = TempDir("json_only");
  const std::string vocab_dir = TempDir("vocab_only");
  fs::copy_file(real + "tokenizer.json", json_dir + "/tokenizer.json");
  fs::copy_file(real + "vocab.txt", vocab_dir + "/vocab.txt");
  const auto from_json = MustLoad(Tokenizer::FromDirectory(json_dir));
  const auto from_vocab = MustLoad(Tokenizer::FromDirectory(vocab_dir));
  ASSERT_TRUE(from_json && from_vocab);
  EXPECT_EQ(from_json->vocab_size(), 30522);
  EXPECT_EQ(from_vocab->vocab_size(), 30522);
  for (const Tokenizer* t : {from_json.get(), from_vocab.get()}) {
    EXPECT_EQ(t->cls_id(), 101);
    EXPECT_EQ(t->sep_id(), 102);
    EXPECT_EQ(t->pad_id(), 0);
    EXPECT_EQ(t->unk_id(), 100);
    EXPECT_EQ(t->mask_id(), 103);
    EXPECT_EQ(t->model_max_length(), 512);
    EXPECT_EQ(t->TokenToId("hello"), 7592);
    EXPECT_EQ(t->IdToToken(7592), "hello");
  }
  const std::vector<std::string> texts = {
      "Hello, my dog is cute",
      "A, naïve [MASK] AllenNLP sentence.",
      "野口里佳 Noguchi Rika 안녕하세요",
      "We are very happy to show you the 🤗 Transformers library.",
      "Héllò  WoŕlḊ¿ \u00AD\u200E x\ty İstanbul ǅ",
      "",
  };
  EncodeOptions windows;
  windows.max_length = 12;
  windows.truncation = Truncation::kOnlySecond;
  windows.stride = 3;
  windows.return_overflowing = true;
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    ExpectSameEncoding(*from_json->Encode(text, {}), *from_vocab->Encode(text, {}));
    ExpectSameEncoding(*from_json->EncodePair("Who?", text, windows),
                       *from_vocab->EncodePair("Who?", text, windows));
  }
  const Encoding e = *from_json->Encode("Hello, my dog is cute", {});
  EXPECT_THAT(e.ids, ElementsAre(101, 7592, 1010, 2026, 3899, 2003, 10140, 102));
}

TEST(TokenizerLoaderTest, TokenizerConfigOverridesTheJsonNormalizer) {
  const std::string dir = TempDir("config_override");
  WriteFile(dir + "/tokenizer.json", ToyTokenizerJson().dump());
  auto t = MustLoad(Tokenizer::FromDirectory(dir));
  EXPECT_THAT(Tokens(*t, "Hello 你好"), ElementsAre("[CLS]", "hello", "你", "好", "[SEP]"));
  EXPECT_EQ(t->model_max_length(), 512);

  WriteFile(
      dir + "/tokenizer_config.json",
      R"({"do_lower_case": false, "tokenize_chinese_chars": false, "model_max_length": 128})");
  t = MustLoad(Tokenizer::FromDirectory(dir));
  EXPECT_THAT(Tokens(*t, "Hello 你好"), ElementsAre("[CLS]", "[UNK]", "[UNK]", "[SEP]"));
  EXPECT_EQ(t->model_max_length(), 128);

  // transformers' "no limit" value is ignored.
  WriteFile(dir + "/tokenizer_config.json", R"({"model_max_length": 1e30})");
  t = MustLoad(Tokenizer::FromDirectory(dir));
  EXPECT_EQ(t->model_max_length(), 512);
  EXPECT_THAT(Tokens(*t, "Hello"), ElementsAre("[CLS]", "hello", "[SEP]"));
}

TEST(TokenizerLoaderTest, VocabTxtDirectoryUsesTokenizerConfig) {
  const std::string dir = TempDir("vocab_config");
  WriteFile(dir + "/vocab.txt", VocabTxt(kVocab));
  auto t = MustLoad(Tokenizer::FromDirectory(dir));
  EXPECT_THAT(Tokens(*t, "Hello"), ElementsAre("[CLS]", "hello", "[SEP]"));
  WriteFile(
      dir + "/tokenizer_config.json",
      R"({"do_lower_case": false, "model_max_length": 64, "unk_token": {"content": "[UNK]"}})");
  t = MustLoad(Tokenizer::FromDirectory(dir));
  EXPECT_THAT(Tokens(*t, "Hello"), ElementsAre("[CLS]", "[UNK]", "[SEP]"));
  EXPECT_EQ(t->model_max_length(), 64);
  // CRLF line ends are accepted.
  WriteFile(dir + "/vocab.txt", "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\n");
  t = MustLoad(Tokenizer::FromDirectory(dir));
  EXPECT_EQ(t->TokenToId("hello"), 4);
}

TEST(TokenizerLoaderTest, AddedTokensFromTokenizerJson) {
  Json j = ToyTokenizerJson();
  const int n = static_cast<int>(kVocab.size());
  j["added_tokens"].push_back({{"id", n},
                               {"content", "<ent>"},
                               {"lstrip", true},
                               {"rstrip", true},
                               {"normalized", false},
                               {"special", false}});
  j["added_tokens"].push_back(
      {{"id", n + 1}, {"content", "Bar"}, {"normalized", true}, {"special", false}});
  j["added_tokens"].push_back({{"id", n + 2},
                               {"content", "q"},
                               {"single_word", true},
                               {"normalized", false},
                               {"special", false}});
  const std::string dir = TempDir("added_tokens");
  WriteFile(dir + "/tokenizer.json", j.dump());
  const auto t = MustLoad(Tokenizer::FromTokenizerJson(dir + "/tokenizer.json"));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->vocab_size(), n + 3);
  EXPECT_EQ(t->TokenToId("<ent>"), n);
  EXPECT_EQ(t->IdToToken(n + 1), "Bar");
  EncodeOptions bare;
  bare.add_special_tokens = false;
  // lstrip/rstrip absorb the spaces around the match into the token.
  Encoding e = *t->Encode("a <ent> b", bare);
  EXPECT_THAT(e.tokens, ElementsAre("a", " <ent> ", "b"));
  EXPECT_THAT(e.ids, ElementsAre(8, n, 9));
  EXPECT_EQ(e.offsets[1], (std::array<int64_t, 2>{1, 8}));
  // A normalized added token matches the normalized (lowercased) text.
  e = *t->Encode("BAR hello", bare);
  EXPECT_THAT(e.tokens, ElementsAre("bar", "hello"));
  EXPECT_THAT(e.ids, ElementsAre(n + 1, 5));
  EXPECT_EQ(e.offsets[0], (std::array<int64_t, 2>{0, 3}));
  // single_word: "q" alone matches, the "q" of "q1" does not.
  e = *t->Encode("q q1", bare);
  EXPECT_THAT(e.ids, ElementsAre(n + 2, 10));
}

TEST(TokenizerLoaderTest, BertProcessingAndNullComponents) {
  Json j = ToyTokenizerJson();
  j["post_processor"] = {{"type", "BertProcessing"}, {"sep", {"[SEP]", 3}}, {"cls", {"[CLS]", 2}}};
  const std::string dir = TempDir("bert_processing");
  WriteFile(dir + "/tokenizer.json", j.dump());
  auto t = MustLoad(Tokenizer::FromTokenizerJson(dir + "/tokenizer.json"));
  Encoding e = *t->EncodePair("hello", "world", {});
  EXPECT_THAT(e.ids, ElementsAre(2, 5, 3, 6, 3));
  EXPECT_THAT(e.type_ids, ElementsAre(0, 0, 0, 1, 1));

  j["post_processor"] = nullptr;
  j["normalizer"] = nullptr;
  WriteFile(dir + "/tokenizer.json", j.dump());
  t = MustLoad(Tokenizer::FromTokenizerJson(dir + "/tokenizer.json"));
  e = *t->EncodePair("Hello", "world", {});
  EXPECT_THAT(e.tokens, ElementsAre("[UNK]", "world"));
  EXPECT_THAT(e.type_ids, ElementsAre(0, 1));
  EXPECT_THAT(e.sequence_ids, ElementsAre(0, 1));
}

TEST(TokenizerLoaderTest, BadFilesGiveErrorsNamingTheFile) {
  const std::string dir = TempDir("bad_files");
  EXPECT_THAT(Tokenizer::FromDirectory(dir).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(dir)));
  // A SentencePiece model without its tokenizer.json says what to write.
  const std::string spm_dir = TempDir("spm_only");
  WriteFile(spm_dir + "/sentencepiece.bpe.model", "\x0a\x03<s>");
  EXPECT_THAT(Tokenizer::FromDirectory(spm_dir).status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("sentencepiece.bpe.model is a SentencePiece model"),
                             HasSubstr("expected tokenizer.json beside it"))));
  EXPECT_THAT(Tokenizer::FromVocabFile(dir + "/missing.txt", {}).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(dir + "/missing.txt")));

  // A vocabulary without [UNK].
  WriteFile(dir + "/vocab.txt", VocabTxt({"[PAD]", "[CLS]", "[SEP]", "hello"}));
  EXPECT_THAT(Tokenizer::FromVocabFile(dir + "/vocab.txt", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(dir + "/vocab.txt"), HasSubstr("[UNK]"))));
  EXPECT_THAT(Tokenizer::FromDirectory(dir).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(dir + "/vocab.txt")));
  WriteFile(dir + "/vocab.txt", "");
  EXPECT_THAT(Tokenizer::FromVocabFile(dir + "/vocab.txt", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(Tokenizer::FromVocab({"[UNK]", "a"}, {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[CLS]")));

  // Malformed JSON, in tokenizer.json and in tokenizer_config.json.
  const std::string json = dir + "/tokenizer.json";
  WriteFile(json, R"({"model": {"vocab": {"a": 0}, )");
  EXPECT_THAT(Tokenizer::FromTokenizerJson(json).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(json), HasSubstr("malformed JSON"))));
  EXPECT_THAT(Tokenizer::FromDirectory(dir).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(json)));
  WriteFile(json, ToyTokenizerJson().dump());
  WriteFile(dir + "/tokenizer_config.json", "{\"do_lower_case\": tru");
  EXPECT_THAT(
      Tokenizer::FromDirectory(dir).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(dir + "/tokenizer_config.json")));
  WriteFile(dir + "/tokenizer_config.json", R"({"do_lower_case": "yes"})");
  EXPECT_THAT(Tokenizer::FromDirectory(dir).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("do_lower_case")));
}

TEST(TokenizerLoaderTest, UnsupportedOrInvalidTokenizerJson) {
  const std::string dir = TempDir("invalid_json");
  const std::string path = dir + "/tokenizer.json";
  const auto load_with = [&](const char* key, const Json& value) {
    Json j = ToyTokenizerJson();
    if (value.is_discarded()) {
      j.erase(key);
    } else {
      j[key] = value;
    }
    WriteFile(path, j.dump());
    return Tokenizer::FromTokenizerJson(path).status();
  };
  EXPECT_THAT(
      load_with("model", {{"type", "WordLevel"}, {"vocab", {{"a", 0}}}}),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr(path), HasSubstr("WordPiece"))));
  EXPECT_THAT(load_with("model", {{"unk_token", "[UNK]"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("model.vocab")));
  EXPECT_THAT(
      load_with("model", {{"vocab", {{"a", 0}}}}),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr(path), HasSubstr("[UNK]"))));
  // An id far past the entries would size the table by the id (2^31 ids are 64 GB of strings).
  EXPECT_THAT(
      load_with("model", {{"unk_token", "[UNK]"}, {"vocab", {{"[UNK]", 0}, {"a", 2147483000}}}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("model.vocab.a"), HasSubstr("2147483000"))));
  // A few unused ids are fine (real files have some), tens of thousands past the entries not.
  EXPECT_TRUE(
      load_with("model", {{"unk_token", "[UNK]"}, {"vocab", {{"[UNK]", 0}, {"a", 65537}}}}).ok());
  EXPECT_THAT(
      load_with("model", {{"unk_token", "[UNK]"}, {"vocab", {{"[UNK]", 0}, {"a", 65538}}}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("\"model.vocab.a\": expected an integer in [0, 65537], got 65538")));
  EXPECT_THAT(load_with("normalizer", {{"type", "BertNormalizer"}, {"lowercase", "yes"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("normalizer.lowercase")));
  EXPECT_THAT(load_with("normalizer", {{"type", "Nmt"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("BertNormalizer")));
  EXPECT_THAT(load_with("pre_tokenizer", {{"type", "Whitespace"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("BertPreTokenizer")));
  EXPECT_THAT(
      load_with("post_processor",
                {{"type", "TemplateProcessing"},
                 {"single", {{{"SpecialToken", {{"id", "[X]"}}}}, {{"Sequence", {{"id", "A"}}}}}},
                 {"pair", {{{"Sequence", {{"id", "A"}}}}, {{"Sequence", {{"id", "B"}}}}}}}),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr(path), HasSubstr("[X]"))));
  EXPECT_THAT(load_with("added_tokens", {{{"id", -1}, {"content", "x"}}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("added_tokens[].id")));
  // Sanity: the unmodified file loads.
  EXPECT_TRUE(load_with("version", "1.0").ok());
}

}  // namespace
}  // namespace octet
