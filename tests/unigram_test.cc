// The SentencePiece-style tokenizer pieces: the Unigram model, the Precompiled (charsmap),
// Replace, Strip, NFC / NFD / NFKC / NFKD, StripAccents and Sequence normalizers with their
// alignments, the Metaspace, WhitespaceSplit
// and Sequence pre-tokenizers, and whole XLM-R-style and DeBERTa-v3-style tokenizers against
// encodings made by the Hugging Face `tokenizers` crate 0.22.2 (tests/data/tokenizer_vectors,
// see its README).

#include "core/tokenizer/models/unigram.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/base/unicode_util.h"
#include "core/tokenizer/normalizers/lowercase.h"
#include "core/tokenizer/normalizers/precompiled.h"
#include "core/tokenizer/normalizers/replace.h"
#include "core/tokenizer/normalizers/sequence.h"
#include "core/tokenizer/normalizers/strip.h"
#include "core/tokenizer/normalizers/strip_accents.h"
#include "core/tokenizer/normalizers/unicode_forms.h"
#include "core/tokenizer/pre_tokenizers/metaspace.h"
#include "core/tokenizer/pre_tokenizers/sequence.h"
#include "core/tokenizer/pre_tokenizers/whitespace_split.h"
#include "core/tokenizer/tokenizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/test_util.h"

namespace octet {
namespace {

using Json = nlohmann::json;
using ::octet::testing::TestDataDir;
using ::testing::HasSubstr;

std::vector<Json> Records(const std::string& file) {
  return ::octet::testing::TokenizerVectors(file);
}

std::u32string U32(const std::string& utf8) {
  unicode::DecodedText d;
  EXPECT_TRUE(unicode::DecodeUtf8(utf8, &d).ok());
  return std::u32string(d.chars.begin(), d.chars.end());
}

std::string Utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) unicode::AppendUtf8(c, &out);
  return out;
}

// Normalizes `text` and returns "normalized" and the origin of every normalized character.
std::pair<std::string, std::vector<std::pair<int32_t, int32_t>>> Normalized(
    const Normalizer& n, const std::string& text) {
  const std::u32string chars = U32(text);
  NormalizedText out;
  n.NormalizeAppend(chars.data(), chars.size(), 0, &out);
  std::vector<std::pair<int32_t, int32_t>> origin;
  for (const CharSpan& s : out.origin) origin.emplace_back(s.begin, s.end);
  return {Utf8(out.chars), origin};
}

// The words a pre-tokenizer makes of `text` (no normalization), each with its original span.
std::vector<std::pair<std::string, std::pair<int32_t, int32_t>>> Words(const PreTokenizer& p,
                                                                       const std::string& text) {
  const std::u32string chars = U32(text);
  std::vector<CharSpan> origin;
  for (int32_t i = 0; i < static_cast<int32_t>(chars.size()); ++i) origin.push_back({i, i + 1});
  PreTokenizedText out;
  p.PreTokenize(chars, origin.data(), &out);
  std::vector<std::pair<std::string, std::pair<int32_t, int32_t>>> words;
  for (const CharSpan& w : out.words) {
    words.push_back({Utf8(std::u32string_view(out.chars).substr(w.begin, w.end - w.begin)),
                     {out.origin[w.begin].begin, out.origin[w.end - 1].end}});
  }
  return words;
}

const PrecompiledNormalizer& NmtNfkc() {
  static const PrecompiledNormalizer* p = [] {
    const std::string bytes = ::octet::testing::ReadFileOrDie(TestDataDir() + "/spm/nmt_nfkc.bin");
    auto n = PrecompiledNormalizer::FromCharsmap(bytes);
    EXPECT_TRUE(n.ok()) << n.status();
    return n->release();
  }();
  return *p;
}

// The token strings of a word as the tokenizer reports them.
std::vector<std::string> PieceStrings(const Unigram& u, const std::string& word) {
  std::vector<ModelToken> tokens;
  u.Tokenize(word, &tokens);
  std::vector<std::string> out;
  for (const ModelToken& t : tokens) {
    out.push_back(t.text_is_token ? word.substr(t.begin, t.end - t.begin) : u.IdToToken(t.id));
  }
  return out;
}

TEST(UnigramTest, TheCratesOwnTestsAreReproduced) {
  // tokenizers' model.rs tests with fuse_unk (what every loaded model uses); the two records made
  // with fuse_unk = false exercise a test-only switch and are skipped.
  int checked = 0;
  for (const Json& r : Records("unigram-toy.hf-tokenizers.jsonl")) {
    SCOPED_TRACE(r.at("id").get<std::string>());
    if (!r.value("fuse_unk", true)) continue;
    auto u = Unigram::Create(
        r.at("vocab").get<std::vector<std::pair<std::string, double>>>(), 0,
        r.at("tokenizer").get<std::string>().find("byte_fallback=true") != std::string::npos);
    ASSERT_TRUE(u.ok()) << u.status();
    const std::string text = r.at("text");
    if (r.contains("pieces")) {
      EXPECT_EQ(PieceStrings(**u, text), r.at("pieces").get<std::vector<std::string>>());
    } else {
      std::vector<ModelToken> tokens;
      (*u)->Tokenize(text, &tokens);
      std::vector<int32_t> ids;
      std::vector<std::pair<int32_t, int32_t>> offsets;
      for (const ModelToken& t : tokens) {
        ids.push_back(t.id);
        offsets.emplace_back(t.begin, t.end);
      }
      EXPECT_EQ(ids, r.at("ids").get<std::vector<int32_t>>());
      EXPECT_EQ(PieceStrings(**u, text), r.at("tokens").get<std::vector<std::string>>());
      EXPECT_EQ(offsets, (r.at("offsets").get<std::vector<std::pair<int32_t, int32_t>>>()));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 12);
}

TEST(UnigramTest, ViterbiPrefersTheHighestTotalAndFusesUnknownRuns) {
  // "abcd": ab+cd = -1.0 beats abc+d = -0.2 + -2.0 and a+b+c+d.
  auto u = Unigram::Create({{"<unk>", 0},
                            {"a", -1},
                            {"b", -1},
                            {"c", -1},
                            {"d", -2},
                            {"ab", -0.5},
                            {"cd", -0.5},
                            {"abc", -0.2}},
                           0, false);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(PieceStrings(**u, "abcd"), (std::vector<std::string>{"ab", "cd"}));
  EXPECT_EQ(PieceStrings(**u, "abc"), (std::vector<std::string>{"abc"}));
  // Unknown characters (x, é, 東) fuse into one unk token whose string is the text, with id 0.
  std::vector<ModelToken> tokens;
  (*u)->Tokenize("axé東b", &tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].id, 0);
  EXPECT_EQ(tokens[1].begin, 1);
  EXPECT_EQ(tokens[1].end, 7);  // x (1 byte) + é (2) + 東 (3)
  EXPECT_TRUE(tokens[1].text_is_token);
  // A duplicated piece maps to its last id, as the crate's map does.
  auto dup = Unigram::Create({{"<unk>", 0}, {"a", -1}, {"a", -3}}, 0, false);
  ASSERT_TRUE(dup.ok());
  tokens.clear();
  (*dup)->Tokenize("a", &tokens);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].id, 2);
}

TEST(UnigramTest, ByteFallbackNeedsEveryBytePieceElseUnk) {
  std::vector<std::pair<std::string, double>> pieces = {{"<unk>", 0}, {"a", -1}};
  pieces.push_back({"<0xC3>", -5});
  pieces.push_back({"<0xA9>", -5});
  auto u = Unigram::Create(pieces, 0, true);
  ASSERT_TRUE(u.ok());
  std::vector<ModelToken> tokens;
  (*u)->Tokenize("aé", &tokens);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].id, 2);
  EXPECT_EQ(tokens[2].id, 3);
  EXPECT_EQ(tokens[1].begin, 1);
  EXPECT_EQ(tokens[2].begin, 1);  // both bytes cover the whole character
  EXPECT_EQ(tokens[2].end, 3);
  // 東 has no <0xE6> piece: the whole run stays one unk.
  tokens.clear();
  (*u)->Tokenize("東", &tokens);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].id, 0);
}

TEST(UnigramTest, BadModelsAreRefusedSayingWhy) {
  EXPECT_THAT(Unigram::Create({}, 0, false).status().message(), HasSubstr("at least one piece"));
  EXPECT_THAT(Unigram::Create({{"a", 0}}, 1, false).status().message(),
              HasSubstr("expected unk_id in [0, 1), got 1"));
  EXPECT_THAT(
      Unigram::FromJson(Json::parse(R"({"vocab": [["a", 0.0]]})"), "t.json").status().message(),
      HasSubstr("t.json: \"model.unk_id\": expected the id of the unknown piece"));
  EXPECT_THAT(Unigram::FromJson(Json::parse(R"({"vocab": [["a", "x"]], "unk_id": 0})"), "t.json")
                  .status()
                  .message(),
              HasSubstr("\"model.vocab[]\": expected [piece, score], got [\"a\",\"x\"]"));
}

TEST(PrecompiledTest, SpmPrecompiledCratesVectorsAreReproduced) {
  int checked = 0;
  for (const Json& r : Records("precompiled-nmt-nfkc.spm-precompiled.jsonl")) {
    SCOPED_TRACE(r.at("id").get<std::string>());
    const std::string input = r.at("input");
    const std::string stage = r.at("stage");
    if (stage == "normalize_string") {
      EXPECT_EQ(NmtNfkc().Normalize(input).value(), r.at("normalized").get<std::string>());
    } else {
      const auto got = NmtNfkc().Transform(input);
      if (r.at("normalized").is_null()) {
        EXPECT_FALSE(got.has_value());
      } else {
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(Utf8(*got), r.at("normalized").get<std::string>());
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(PrecompiledTest, ReplacementsAlignAsTheCrateAlignsThem) {
  // ﬁ → "fi": both characters come from the ligature. ⁉ → "!?" likewise.
  EXPECT_EQ(Normalized(NmtNfkc(), "aﬁb"),
            (std::pair<std::string, std::vector<std::pair<int32_t, int32_t>>>{
                "afib", {{0, 1}, {1, 2}, {1, 2}, {2, 3}}}));
  // e + U+0301 is one grapheme with an entry: é, aligned to the e; the accent is folded away.
  EXPECT_EQ(Normalized(NmtNfkc(), "e\u0301x"),
            (std::pair<std::string, std::vector<std::pair<int32_t, int32_t>>>{"\u00e9x",
                                                                              {{0, 1}, {2, 3}}}));
  // The shortest prefix entry replaces the whole short grapheme: ﬁ + U+0301 → "fi".
  EXPECT_EQ(Normalized(NmtNfkc(), "\ufb01\u0301").first, "fi");
  // Newline, tab, NBSP and the ideographic space become spaces; a plain space has no entry.
  EXPECT_EQ(Normalized(NmtNfkc(), "a\n\t\u00a0\u3000 b").first, "a     b");
}

TEST(PrecompiledTest, BrokenCharsmapsAreRefused) {
  EXPECT_THAT(PrecompiledNormalizer::FromCharsmap("ab").status().message(),
              HasSubstr("expected at least a 4-byte header, got 2 bytes"));
  EXPECT_THAT(
      PrecompiledNormalizer::FromCharsmap(std::string("\x10\0\0\0abcd", 8)).status().message(),
      HasSubstr("the header says 16 bytes of trie, but 4 bytes follow it"));
  EXPECT_THAT(
      PrecompiledNormalizer::FromCharsmap(std::string("\0\0\0\0\xff", 5)).status().message(),
      HasSubstr("not UTF-8"));
  EXPECT_THAT(PrecompiledNormalizer::FromJson(Json{{"precompiled_charsmap", "***"}}, "t.json")
                  .status()
                  .message(),
              HasSubstr("t.json: \"normalizer.precompiled_charsmap\": expected a base64 string"));
  // A trie whose units point outside it finds nothing instead of reading out of bounds.
  std::string wild("\x08\0\0\0", 4);
  wild += std::string("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
  auto p = PrecompiledNormalizer::FromCharsmap(wild);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE((*p)->Transform("abc").has_value());
  EXPECT_EQ((*p)->Normalize("abc").value(), "abc");
}

TEST(ReplaceStripSequenceTest, ReplacementsAlignToTheLastMatchedCharacter) {
  auto r = ReplaceNormalizer::Create(U" {2,}", true, U"\u2581");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Normalized(**r, "a   b  c d"),
            (std::pair<std::string, std::vector<std::pair<int32_t, int32_t>>>{
                "a\u2581b\u2581c d", {{0, 1}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 9}, {9, 10}}}));
  auto literal = ReplaceNormalizer::Create(U"ab", false, U"xyz");
  ASSERT_TRUE(literal.ok());
  EXPECT_EQ(Normalized(**literal, "abab").first, "xyzxyz");
  EXPECT_EQ(Normalized(**literal, "abab").second[2], (std::pair<int32_t, int32_t>{1, 2}));
  EXPECT_THAT(ReplaceNormalizer::Create(U"(", true, U"").status().message(),
              HasSubstr("is invalid"));
  EXPECT_THAT(ReplaceNormalizer::Create(U" *", true, U"").status().message(),
              HasSubstr("cannot match empty text"));

  const StripNormalizer strip(true, true);
  EXPECT_EQ(Normalized(strip, " \u3000ab c\t\n"),
            (std::pair<std::string, std::vector<std::pair<int32_t, int32_t>>>{
                "ab c", {{2, 3}, {3, 4}, {4, 5}, {5, 6}}}));
  EXPECT_EQ(Normalized(StripNormalizer(false, true), "  a ").first, "  a");

  // DeBERTa-v3's chain: Strip, Precompiled (the newline becomes a space), collapse spaces.
  std::vector<std::unique_ptr<Normalizer>> steps;
  steps.push_back(std::make_unique<StripNormalizer>(true, true));
  auto charsmap = PrecompiledNormalizer::FromCharsmap(
      ::octet::testing::ReadFileOrDie(TestDataDir() + "/spm/nmt_nfkc.bin"));
  ASSERT_TRUE(charsmap.ok());
  steps.push_back(*std::move(charsmap));
  steps.push_back(*ReplaceNormalizer::Create(U" {2,}", true, U" "));
  const SequenceNormalizer chain(std::move(steps));
  EXPECT_EQ(Normalized(chain, "  ﬁne \n day "),
            (std::pair<std::string, std::vector<std::pair<int32_t, int32_t>>>{
                "fine day", {{2, 3}, {2, 3}, {3, 4}, {4, 5}, {7, 8}, {8, 9}, {9, 10}, {10, 11}}}));
}

using Origins = std::vector<std::pair<int32_t, int32_t>>;
using Result = std::pair<std::string, Origins>;

TEST(UnicodeFormsTest, DecompositionsAlignTheirPartsToTheDecomposedCharacter) {
  const UnicodeFormNormalizer nfd(UnicodeForm::kNfd), nfkd(UnicodeForm::kNfkd);
  // é → e + U+0301, both from character 0; the ligature ﬁ → f i only under compatibility.
  EXPECT_EQ(Normalized(nfd, "\u00e9\ufb01"),
            Result("e\u0301\ufb01", Origins{{0, 1}, {0, 1}, {1, 2}}));
  EXPECT_EQ(Normalized(nfkd, "\u00e9\ufb01"),
            Result("e\u0301fi", Origins{{0, 1}, {0, 1}, {1, 2}, {1, 2}}));
  // Canonical order: U+0316 (class 220) moves before U+0301 (230). Both have change 0, so the
  // crate aligns them to the input positions in order: the moved mark takes position 1.
  EXPECT_EQ(Normalized(nfd, "a\u0301\u0316"),
            Result("a\u0316\u0301", Origins{{0, 1}, {1, 2}, {2, 3}}));
  // Hangul by arithmetic: 한 → ᄒ ᅡ ᆫ.
  EXPECT_EQ(Normalized(nfd, "\ud55c"),
            Result("\u1112\u1161\u11ab", Origins{{0, 1}, {0, 1}, {0, 1}}));
}

TEST(UnicodeFormsTest, CompositionsTakeTheFirstCharactersOrigin) {
  const UnicodeFormNormalizer nfc(UnicodeForm::kNfc), nfkc(UnicodeForm::kNfkc);
  EXPECT_EQ(Normalized(nfc, "e\u0301x"), Result("\u00e9x", Origins{{0, 1}, {2, 3}}));
  EXPECT_EQ(Normalized(nfc, "\u1112\u1161\u11ab"), Result("\ud55c", Origins{{0, 1}}));
  // A mark blocked by one of the same class stays apart: ậ is ậ (U+1EAD), U+0323 first.
  EXPECT_EQ(Normalized(nfc, "a\u0302\u0323"), Result("\u1ead", Origins{{0, 1}}));
  EXPECT_EQ(Normalized(nfc, "a\u0301\u0301"), Result("\u00e1\u0301", Origins{{0, 1}, {2, 3}}));
  // Compatibility: ① → 1, ｆｕｌｌ → full, ﬁ → fi (both from the ligature).
  EXPECT_EQ(Normalized(nfkc, "\u2460\uff46\ufb01"),
            Result("1ffi", Origins{{0, 1}, {1, 2}, {2, 3}, {2, 3}}));
  // U+0958 (DEVANAGARI QA) is excluded from composition: NFC gives क + ़.
  EXPECT_EQ(Normalized(nfc, "\u0958"), Result("\u0915\u093c", Origins{{0, 1}, {0, 1}}));
}

TEST(UnicodeFormsTest, CharactersAfterUnicode9AreLeftAsTheCratesTablesLeaveThem) {
  // U+1E030 (Unicode 15) decomposes to <super> а today; the crate's Unicode 9.0 tables do not
  // know it. U+1DF6 (Unicode 10) has class 232 today, 0 here: it is not reordered.
  const UnicodeFormNormalizer nfkc(UnicodeForm::kNfkc), nfd(UnicodeForm::kNfd);
  EXPECT_EQ(Normalized(nfkc, "\U0001e030"), Result("\U0001e030", Origins{{0, 1}}));
  EXPECT_EQ(CombiningClass(0x1DF6), 0);
  EXPECT_EQ(CombiningClass(0x0301), 230);
  EXPECT_EQ(CombiningClass(0x0316), 220);
  EXPECT_EQ(Normalized(nfd, "a\u1df6\u0316"),
            Result("a\u1df6\u0316", Origins{{0, 1}, {1, 2}, {2, 3}}));
}

TEST(UnicodeFormsTest, StripAccentsRemovesEveryCombiningMarkOfTheCratesTables) {
  const StripAccentsNormalizer strip;
  // Mn (U+0301), Mc (U+0903), Me (U+20E3) and U+1CF2 (Mc in Unicode 9.0, Lo since 10.0) go;
  // U+1DF6 (assigned in 10.0) stays.
  EXPECT_EQ(Normalized(strip, "e\u0301a\u0903#\u20e3b\u1cf2\u1df6"),
            Result("ea#b\u1df6", Origins{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}));
  EXPECT_EQ(Normalized(strip, "\u00e9"), Result("\u00e9", Origins{{0, 1}}));  // composed: kept
}

TEST(UnicodeFormsTest, LowercaseKnowsTheCapitalsAddedAfterUtf8procsUnicode) {
  // Rust's to_lowercase (Unicode 16): U+A7CB → U+0264, U+10D50 → U+10D70; İ → i + U+0307.
  const LowercaseNormalizer lower;
  EXPECT_EQ(Normalized(lower, "\ua7cb\U00010d50\u0130A"),
            Result("\u0264\U00010d70i\u0307a", Origins{{0, 1}, {1, 2}, {2, 3}, {2, 3}, {3, 4}}));
}

TEST(MetaspaceTest, SpacesBecomeMarkersThatStartWords) {
  const MetaspacePreTokenizer always(MetaspaceOptions{});
  using WordList = std::vector<std::pair<std::string, std::pair<int32_t, int32_t>>>;
  // The prepended marker stands for the first character; a word's span includes its space.
  EXPECT_EQ(Words(always, "Hey friend!"),
            (WordList{{"\u2581Hey", {0, 3}}, {"\u2581friend!", {3, 11}}}));
  EXPECT_EQ(Words(always, "Hey   friend"), (WordList{{"\u2581Hey", {0, 3}},
                                                     {"\u2581", {3, 4}},
                                                     {"\u2581", {4, 5}},
                                                     {"\u2581friend", {5, 12}}}));
  EXPECT_EQ(Words(always, " x"), (WordList{{"\u2581x", {0, 2}}}));
  MetaspaceOptions never;
  never.prepend_scheme = PrependScheme::kNever;
  EXPECT_EQ(Words(MetaspacePreTokenizer(never), "a b"),
            (WordList{{"a", {0, 1}}, {"\u2581b", {1, 3}}}));
  MetaspaceOptions whole;
  whole.split = false;
  EXPECT_EQ(Words(MetaspacePreTokenizer(whole), "a b"), (WordList{{"\u2581a\u2581b", {0, 3}}}));

  // "first" prepends only to text that starts the original input.
  MetaspaceOptions first;
  first.prepend_scheme = PrependScheme::kFirst;
  const MetaspacePreTokenizer first_only(first);
  const std::u32string chars = U"bc";
  const CharSpan later[] = {{5, 6}, {6, 7}};
  PreTokenizedText out;
  first_only.PreTokenize(chars, later, &out);
  EXPECT_EQ(Utf8(out.chars), "bc");

  // WhitespaceSplit then Metaspace, as older XLM-R files chain them.
  std::vector<std::unique_ptr<PreTokenizer>> steps;
  steps.push_back(std::make_unique<WhitespaceSplitPreTokenizer>());
  steps.push_back(std::make_unique<MetaspacePreTokenizer>(MetaspaceOptions{}));
  const SequencePreTokenizer chain(std::move(steps));
  EXPECT_EQ(Words(chain, " Hey \t friend "),
            (WordList{{"\u2581Hey", {1, 4}}, {"\u2581friend", {7, 13}}}));
}

TEST(MetaspaceTest, SettingsAreReadAndCheckedFromJson) {
  auto legacy = MetaspacePreTokenizer::FromJson(
      Json{{"type", "Metaspace"}, {"replacement", "_"}, {"add_prefix_space", false}}, "t.json");
  ASSERT_TRUE(legacy.ok()) << legacy.status();
  const auto& options = static_cast<const MetaspacePreTokenizer&>(**legacy).options();
  EXPECT_EQ(options.replacement, U'_');
  EXPECT_EQ(options.prepend_scheme, PrependScheme::kNever);
  EXPECT_TRUE(options.split);
  EXPECT_THAT(
      MetaspacePreTokenizer::FromJson(Json{{"replacement", "ab"}}, "t.json").status().message(),
      HasSubstr("\"pre_tokenizer.replacement\": expected a string of one character"));
  EXPECT_THAT(MetaspacePreTokenizer::FromJson(
                  Json{{"replacement", "_"}, {"prepend_scheme", "sometimes"}}, "t.json")
                  .status()
                  .message(),
              HasSubstr("expected \"always\", \"first\" or \"never\", got \"sometimes\""));
  EXPECT_THAT(
      MetaspacePreTokenizer::FromJson(
          Json{{"replacement", "_"}, {"prepend_scheme", "always"}, {"add_prefix_space", false}},
          "t.json")
          .status()
          .message(),
      HasSubstr("\"pre_tokenizer.add_prefix_space\""));
}

const Tokenizer& Load(const std::string& name) {
  static auto* cache = new std::map<std::string, std::unique_ptr<Tokenizer>>();
  auto& slot = (*cache)[name];
  if (slot == nullptr) {
    auto t = Tokenizer::FromDirectory(TestDataDir() + "/tokenizers/" + name);
    EXPECT_TRUE(t.ok()) << t.status();
    if (t.ok()) slot = *std::move(t);
  }
  return *slot;
}

// Every record of `files` through the tokenizer `name`; the number checked.
int CheckRecords(const std::string& name, const std::vector<std::string>& files) {
  const Tokenizer& tokenizer = Load(name);
  int checked = 0;
  for (const std::string& file : files) {
    for (const Json& r : Records(file)) {
      if (::octet::testing::ExpectRecordEncoding(tokenizer, r, file)) ++checked;
    }
  }
  return checked;
}

TEST(UnigramTokenizerTest, XlmrStyleEncodingsEqualTheCrates) {
  // 300 generated records, then 81 chosen cases: full-width and compatibility characters,
  // accents, Cyrillic, Arabic, Hebrew, Devanagari, CJK, Korean, Thai, ZWJ emoji, zero-width and
  // control characters, Unicode spaces, special-token strings, pairs, a 64 KiB text.
  EXPECT_EQ(CheckRecords("xlmr-style", {"xlmr-style.crate.jsonl", "xlmr-style.cases.jsonl"}), 381);
}

TEST(UnigramTokenizerTest, DebertaV3StyleEncodingsEqualTheCrates) {
  // Strip first, byte fallback, [CLS] A [SEP] B [SEP] with type ids 0 / 1.
  EXPECT_EQ(CheckRecords("debertav3-style",
                         {"debertav3-style.crate.jsonl", "debertav3-style.cases.jsonl"}),
            381);
}

}  // namespace
}  // namespace octet

namespace octet {
namespace {

// A Unigram tokenizer.json written as `text`, loaded.
absl::StatusOr<std::unique_ptr<Tokenizer>> LoadText(const std::string& name,
                                                    const std::string& text) {
  const std::string dir = ::testing::TempDir() + "/octet_unigram_" + name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/tokenizer.json", std::ios::binary) << text;
  return Tokenizer::FromTokenizerJson(dir + "/tokenizer.json");
}

TEST(UnigramLoadTest, TheScannedVocabularyEqualsTheParsedOne) {
  // Escapes of every kind in pieces; the fast scanner and the JSON parser must agree.
  const std::string vocab =
      R"([["<unk>", 0], ["caf\u00e9", -1.5], ["a\"b", -2], ["\\", -2.5e0], ["\ud83d\ude00", -3],)"
      R"( ["tab\t", -3.25], ["\u2581x", -0.5]])";
  const std::string text = R"({"added_tokens": [{"id": 0, "content": "<unk>", "special": true}],)"
                           R"( "normalizer": null, "pre_tokenizer": null, "post_processor": null,)"
                           R"( "model": {"type": "Unigram", "unk_id": 0, "vocab": )" +
                           vocab + "}}";
  auto t = LoadText("escapes", text);
  ASSERT_TRUE(t.ok()) << t.status();
  const auto& model = static_cast<const Unigram&>((*t)->model());
  EXPECT_EQ(model.vocab_size(), 7);
  EXPECT_EQ(model.TokenToId("café"), 1);
  EXPECT_EQ(model.TokenToId("a\"b"), 2);
  EXPECT_EQ(model.TokenToId("\\"), 3);
  EXPECT_EQ(model.TokenToId("\xF0\x9F\x98\x80"), 4);
  EXPECT_EQ(model.TokenToId("tab\t"), 5);
  EXPECT_DOUBLE_EQ(model.score(5), -3.25);
  EXPECT_EQ(model.TokenToId("\xE2\x96\x81x"), 6);

  // A later "vocab" key that is not model.vocab (here in an added token's extra field) makes the
  // scanner's cut wrong; the check sees it and the general parser reads the file.
  const std::string decoy =
      R"({"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0], ["ab", -1]]},)"
      R"( "normalizer": null, "pre_tokenizer": null, "post_processor": null,)"
      R"( "added_tokens": [{"id": 1, "content": "ab", "vocab": [["zz", 5]]}]})";
  auto d = LoadText("decoy", decoy);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ((*d)->model().vocab_size(), 2);
  EXPECT_EQ((*d)->model().TokenToId("ab"), 1);
  EXPECT_FALSE((*d)->model().TokenToId("zz").has_value());

  // A malformed entry falls back to the parser, whose error names the field.
  auto bad =
      LoadText("bad", R"({"model": {"type": "Unigram", "unk_id": 0, "vocab": [["a", "x"]]}})");
  EXPECT_THAT(bad.status().message(), HasSubstr("\"model.vocab[]\": expected [piece, score]"));
}

}  // namespace
}  // namespace octet
