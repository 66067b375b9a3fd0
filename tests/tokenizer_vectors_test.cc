// Checks the tokenizer against every record of the public tokenizer vectors
// (tests/data/tokenizer_vectors/bert-base.public.jsonl; expected outputs copied from public tests
// of google-research/bert, transformers, tokenizers, torchtext, ...), stage by stage, with the
// real BERT vocabularies in tests/data/tokenizers/. A
// record has an id, a vocabulary, text (and text_pair), the stage it checks (basic, normalizer,
// pre_tokenizer, wordpiece, full, encode), options, and the expected tokens / ids / offsets.

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/normalizers/bert_normalizer.h"
#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"
#include "core/tokenizer/processors/template_processor.h"
#include "core/tokenizer/tokenizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace octet {
namespace {

using Json = nlohmann::json;
using Offsets = std::vector<std::array<int64_t, 2>>;

constexpr int kExpectedRecords = 79;

// tests/data/tokenizers/<name>/ (vocab.txt and tokenizer.json of bert-base-uncased / -cased).
std::string TokenizerDir(const std::string& name) {
  return ::octet::testing::TestDataDir() + "/tokenizers/" + name;
}

std::string RecordsPath() {
  return ::octet::testing::TestDataDir() + "/tokenizer_vectors/bert-base.public.jsonl";
}

std::vector<Json> LoadRecords() {
  return ::octet::testing::TokenizerVectors("bert-base.public.jsonl");
}

const std::vector<std::string>& RealVocab(const std::string& name) {
  static auto* cache = new std::map<std::string, std::vector<std::string>>();
  auto it = cache->find(name);
  if (it == cache->end()) {
    auto tokens = ReadVocabFile(TokenizerDir(name) + "/vocab.txt");
    EXPECT_TRUE(tokens.ok()) << tokens.status();
    it = cache->emplace(name, tokens.ok() ? *tokens : std::vector<std::string>()).first;
  }
  return it->second;
}

std::vector<std::string> RecordVocab(const Json& r) {
  if (r.at("vocab") == "toy") return r.at("toy_vocab").get<std::vector<std::string>>();
  return RealVocab(r.at("vocab").get<std::string>());
}

Json Options(const Json& r) { return r.contains("options") ? r["options"] : Json::object(); }

// The BertTokenizer options of a record (do_lower_case, strip_accents, tokenize_chinese_chars).
NormalizerOptions TokenizerNormalizer(const Json& o) {
  NormalizerOptions n;
  n.lowercase = o.value("do_lower_case", true);
  if (o.contains("strip_accents") && !o["strip_accents"].is_null()) {
    n.strip_accents = o["strip_accents"].get<bool>();
  }
  n.handle_chinese_chars = o.value("tokenize_chinese_chars", true);
  return n;
}

// A tokenizer for the record: transformers' conversion of BertTokenizer (FromVocab), except that
// with `never_split` only those strings are protected (torchtext's BERTTokenizer semantics), and
// that `normalizer` may be nullopt (no normalizer, no added tokens).
std::unique_ptr<Tokenizer> MakeTokenizer(const Json& r, std::vector<std::string> vocab,
                                         std::optional<NormalizerOptions> normalizer) {
  const Json o = Options(r);
  absl::StatusOr<std::unique_ptr<Tokenizer>> t;
  if (!o.contains("never_split") && normalizer.has_value()) {
    t = Tokenizer::FromVocab(std::move(vocab), *normalizer);
  } else {
    TokenizerSpec spec;
    if (normalizer.has_value()) spec.normalizer = std::make_unique<BertNormalizer>(*normalizer);
    spec.pre_tokenizer = std::make_unique<BertPreTokenizer>();
    const auto id_of = [&vocab](const std::string& s) {
      const auto it = std::find(vocab.begin(), vocab.end(), s);
      if (it != vocab.end()) return static_cast<int32_t>(it - vocab.begin());
      vocab.push_back(s);
      return static_cast<int32_t>(vocab.size() - 1);
    };
    for (const auto& word : o.value("never_split", Json::array())) {
      spec.added_tokens.push_back({word.get<std::string>(), id_of(word.get<std::string>())});
    }
    auto post = TemplateProcessor::Create(
        TemplateSpec::Bert("[CLS]", id_of("[CLS]"), "[SEP]", id_of("[SEP]")));
    EXPECT_TRUE(post.ok()) << post.status();
    if (!post.ok()) return nullptr;
    spec.post_processor = *std::move(post);
    auto model = WordPiece::Create(std::make_unique<Vocab>(std::move(vocab)), WordPieceOptions());
    EXPECT_TRUE(model.ok()) << model.status();
    if (!model.ok()) return nullptr;
    spec.model = *std::move(model);
    t = Tokenizer::FromSpec(std::move(spec));
  }
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : nullptr;
}

Offsets ToOffsets(const Json& j) {
  Offsets out;
  for (const auto& o : j) out.push_back({o[0].get<int64_t>(), o[1].get<int64_t>()});
  return out;
}

// Keeps the elements whose token is not a post-processor special token.
template <typename T>
std::vector<T> WithoutSpecials(const std::vector<T>& v, const Encoding& e) {
  std::vector<T> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (e.special_tokens_mask[i] == 0) out.push_back(v[i]);
  }
  return out;
}

void CheckBasic(const Json& r) {
  // BasicTokenizer = BertNormalizer + BertPreTokenizer, with never_split kept whole.
  const auto tokenizer =
      MakeTokenizer(r, {"[UNK]", "[CLS]", "[SEP]"}, TokenizerNormalizer(Options(r)));
  ASSERT_NE(tokenizer, nullptr);
  auto words = tokenizer->PreTokenize(r.at("text").get<std::string>());
  ASSERT_TRUE(words.ok()) << words.status();
  std::vector<std::string> got;
  for (const PreToken& w : *words) got.push_back(w.text);
  EXPECT_EQ(got, r.at("tokens").get<std::vector<std::string>>());
}

void CheckNormalizer(const Json& r) {
  const Json o = Options(r);
  NormalizerOptions n;
  n.clean_text = o.value("clean_text", true);
  n.handle_chinese_chars = o.value("handle_chinese_chars", true);
  if (o.contains("strip_accents") && !o["strip_accents"].is_null()) {
    n.strip_accents = o["strip_accents"].get<bool>();
  }
  n.lowercase = o.value("lowercase", true);
  auto normalized = BertNormalizer(n).Normalize(r.at("text").get<std::string>());
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_EQ(*normalized, r.at("normalized").get<std::string>());
}

void CheckPreTokenizer(const Json& r) {
  // The BertPreTokenizer alone; a normalizer only for the flags the record sets.
  const Json o = Options(r);
  std::optional<NormalizerOptions> normalizer;
  if (!o.empty()) {
    normalizer =
        NormalizerOptions{o.value("clean_text", false), o.value("handle_chinese_chars", false),
                          false, o.value("lowercase", false)};
  }
  const auto tokenizer = MakeTokenizer(r, {"[UNK]", "[CLS]", "[SEP]"}, normalizer);
  ASSERT_NE(tokenizer, nullptr);
  auto words = tokenizer->PreTokenize(r.at("text").get<std::string>());
  ASSERT_TRUE(words.ok()) << words.status();
  std::vector<std::string> got;
  Offsets offsets;
  const bool bytes = r.value("offsets_unit", "char") == "byte";
  for (const PreToken& w : *words) {
    got.push_back(w.text);
    offsets.push_back(bytes ? w.byte_offsets : w.offsets);
  }
  EXPECT_EQ(got, r.at("tokens").get<std::vector<std::string>>());
  if (r.contains("offsets")) {
    EXPECT_EQ(offsets, ToOffsets(r["offsets"]));
  }
}

void CheckWordPiece(const Json& r) {
  auto model = WordPiece::Create(std::make_unique<Vocab>(RecordVocab(r)), WordPieceOptions());
  ASSERT_TRUE(model.ok()) << model.status();
  // Whitespace split only, then WordPiece (google-research/bert WordpieceTokenizer).
  const std::string text = r.at("text").get<std::string>();
  std::vector<std::string> tokens;
  std::vector<int32_t> ids;
  std::vector<ModelToken> pieces;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    pieces.clear();
    (*model)->Tokenize(std::string_view(text).substr(i, j - i), &pieces);
    for (const ModelToken& p : pieces) {
      ids.push_back(p.id);
      tokens.push_back((*model)->vocab().Token(p.id));
    }
    i = j;
  }
  EXPECT_EQ(tokens, r.at("tokens").get<std::vector<std::string>>());
  if (r.contains("ids")) {
    EXPECT_EQ(ids, r["ids"].get<std::vector<int32_t>>());
  }
}

// Compares an encoding with the record's fields; `with_specials` = encoded with add_special_tokens.
void CheckEncoding(const Json& r, const Encoding& e, bool with_specials) {
  const auto keep_specials = [&](const char* flag, bool dflt) {
    return with_specials && r.value(flag, dflt);
  };
  // tokens / offsets / type ids follow tokens_add_special (ids_add_special if absent); the
  // encode stage default (no flag at all) is "with specials".
  const bool default_flag = r.contains("tokens_add_special") ? r["tokens_add_special"].get<bool>()
                                                             : r.value("ids_add_special", true);
  if (r.contains("tokens")) {
    const bool keep = keep_specials("tokens_add_special", false);
    EXPECT_EQ(keep ? e.tokens : WithoutSpecials(e.tokens, e),
              r["tokens"].get<std::vector<std::string>>());
  }
  if (r.contains("ids")) {
    const bool keep = keep_specials("ids_add_special", false);
    EXPECT_EQ(keep ? e.ids : WithoutSpecials(e.ids, e), r["ids"].get<std::vector<int32_t>>());
  }
  const bool keep = with_specials && default_flag;
  if (r.contains("offsets")) {
    const Offsets& got = r.value("offsets_unit", "char") == "byte" ? e.byte_offsets : e.offsets;
    EXPECT_EQ(keep ? got : WithoutSpecials(got, e), ToOffsets(r["offsets"]));
  }
  if (r.contains("token_type_ids")) {
    EXPECT_EQ(keep ? e.type_ids : WithoutSpecials(e.type_ids, e),
              r["token_type_ids"].get<std::vector<int32_t>>());
  }
}

void CheckEncode(const Json& r, const Tokenizer& tokenizer, bool with_specials) {
  EncodeOptions options;
  options.add_special_tokens = with_specials;
  const std::string text = r.at("text").get<std::string>();
  absl::StatusOr<Encoding> e =
      r.contains("text_pair")
          ? tokenizer.EncodePair(text, r["text_pair"].get<std::string>(), options)
          : tokenizer.Encode(text, options);
  ASSERT_TRUE(e.ok()) << e.status();
  CheckEncoding(r, *e, with_specials);
}

// An uncased record with BertTokenizer's defaults can also be checked with tokenizer.json.
bool UsesUncasedDefaults(const Json& r) {
  const Json o = Options(r);
  return r.at("vocab") == "bert-base-uncased" && o.value("do_lower_case", true) &&
         (!o.contains("strip_accents") || o["strip_accents"].is_null()) &&
         o.value("tokenize_chinese_chars", true) && !o.contains("never_split");
}

const Tokenizer& UncasedJsonTokenizer() {
  static const Tokenizer* t = [] {
    auto loaded =
        Tokenizer::FromTokenizerJson(TokenizerDir("bert-base-uncased") + "/tokenizer.json");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return *t;
}

class TokenizerVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    records_ = LoadRecords();
    ASSERT_FALSE(records_.empty()) << "no records in " << RecordsPath();
  }

  // Runs `check` on every record of `stage`; returns how many were checked.
  template <typename Fn>
  int ForStage(const std::string& stage, Fn check) {
    int checked = 0;
    for (const Json& r : records_) {
      if (r.at("stage") != stage) continue;
      SCOPED_TRACE("record " + r.at("id").get<std::string>());
      check(r);
      ++checked;
    }
    std::printf("[ vectors  ] stage %-13s %d records checked\n", stage.c_str(), checked);
    return checked;
  }

  int CountStage(const std::string& stage) const {
    int n = 0;
    for (const Json& r : records_) n += r.at("stage") == stage;
    return n;
  }

  std::vector<Json> records_;
};

TEST_F(TokenizerVectorsTest, AllRecordsHaveAKnownStage) {
  int total = 0;
  for (const char* stage :
       {"basic", "normalizer", "pre_tokenizer", "wordpiece", "full", "encode"}) {
    total += CountStage(stage);
  }
  EXPECT_EQ(total, static_cast<int>(records_.size()));
  EXPECT_EQ(static_cast<int>(records_.size()), kExpectedRecords);
  std::printf("[ vectors  ] %d records in the file\n", static_cast<int>(records_.size()));
}

TEST_F(TokenizerVectorsTest, Basic) {
  EXPECT_EQ(ForStage("basic", [](const Json& r) { CheckBasic(r); }), CountStage("basic"));
  EXPECT_EQ(CountStage("basic"), 16);
}

TEST_F(TokenizerVectorsTest, Normalizer) {
  EXPECT_EQ(ForStage("normalizer", [](const Json& r) { CheckNormalizer(r); }), 4);
}

TEST_F(TokenizerVectorsTest, PreTokenizer) {
  EXPECT_EQ(ForStage("pre_tokenizer", [](const Json& r) { CheckPreTokenizer(r); }), 2);
}

TEST_F(TokenizerVectorsTest, WordPiece) {
  EXPECT_EQ(ForStage("wordpiece", [](const Json& r) { CheckWordPiece(r); }), 3);
}

TEST_F(TokenizerVectorsTest, FullTokenize) {
  int with_json = 0;
  EXPECT_EQ(ForStage("full",
                     [&](const Json& r) {
                       const auto t =
                           MakeTokenizer(r, RecordVocab(r), TokenizerNormalizer(Options(r)));
                       ASSERT_NE(t, nullptr);
                       CheckEncode(r, *t, /*with_specials=*/false);
                       if (UsesUncasedDefaults(r)) {
                         SCOPED_TRACE("via bert-base-uncased-tokenizer.json");
                         CheckEncode(r, UncasedJsonTokenizer(), false);
                         ++with_json;
                       }
                     }),
            39);
  std::printf("[ vectors  ] full: %d of them also through tokenizer.json\n", with_json);
  EXPECT_GT(with_json, 0);
}

TEST_F(TokenizerVectorsTest, Encode) {
  int with_json = 0;
  EXPECT_EQ(ForStage("encode",
                     [&](const Json& r) {
                       const auto t =
                           MakeTokenizer(r, RecordVocab(r), TokenizerNormalizer(Options(r)));
                       ASSERT_NE(t, nullptr);
                       CheckEncode(r, *t, /*with_specials=*/true);
                       if (UsesUncasedDefaults(r)) {
                         SCOPED_TRACE("via bert-base-uncased-tokenizer.json");
                         CheckEncode(r, UncasedJsonTokenizer(), true);
                         ++with_json;
                       }
                     }),
            15);
  std::printf("[ vectors  ] encode: %d of them also through tokenizer.json\n", with_json);
  EXPECT_GT(with_json, 0);
}

}  // namespace
}  // namespace octet
