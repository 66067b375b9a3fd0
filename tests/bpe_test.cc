// The byte-level pre-tokenizer and the BPE model, with literal expectations (the byte table and
// splits are GPT-2's; the merges are toy ones whose results follow by hand).
#include "core/tokenizer/models/bpe.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/base/unicode_util.h"
#include "core/tokenizer/pre_tokenizers/byte_level.h"
#include "core/tokenizer/processors/byte_level_processor.h"
#include "core/tokenizer/tokenizer.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

std::u32string Chars(const std::string& s) {
  unicode::DecodedText d;
  EXPECT_TRUE(unicode::DecodeUtf8(s, &d).ok());
  return std::u32string(d.chars.begin(), d.chars.end());
}

std::vector<std::string> Split(const std::string& s) {
  const std::u32string chars = Chars(s);
  std::vector<std::string> out;
  for (auto [b, e] : SplitGpt2(chars)) {
    std::string piece;
    for (size_t i = b; i < e; ++i) unicode::AppendUtf8(chars[i], &piece);
    out.push_back(piece);
  }
  return out;
}

TEST(ByteLevel, ByteTable) {
  EXPECT_EQ(ByteToChar('A'), U'A');
  EXPECT_EQ(ByteToChar(' '), 0x120u);   // 'Ġ'
  EXPECT_EQ(ByteToChar('\n'), 0x10Au);  // 'Ċ'
  EXPECT_EQ(ByteToChar(0x00), 0x100u);
  EXPECT_EQ(ByteToChar(0x7F), 0x121u);
  EXPECT_EQ(ByteToChar(0xAD), 0x143u);  // the last non-printable byte
  EXPECT_EQ(ByteToChar(0xE9), 0xE9u);
  for (int b = 0; b < 256; ++b) EXPECT_EQ(CharToByte(ByteToChar(static_cast<uint8_t>(b))), b);
  EXPECT_EQ(CharToByte(0x144), -1);
  EXPECT_EQ(CharToByte(' '), -1);
}

TEST(ByteLevel, Gpt2Splits) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Split("Hello world"), V({"Hello", " world"}));
  EXPECT_EQ(Split("it's they'll I'M"), V({"it", "'s", " they", "'ll", " I", "'", "M"}));
  // A whitespace run before a word keeps its last space for the word; at the end it stays whole.
  EXPECT_EQ(Split("a   b  "), V({"a", "  ", " b", "  "}));
  EXPECT_EQ(Split("a\n\nb"), V({"a", "\n", "\n", "b"}));
  EXPECT_EQ(Split("x 123 4.5!!"), V({"x", " 123", " 4", ".", "5", "!!"}));
  EXPECT_EQ(Split(" !?"), V({" !?"}));
  EXPECT_EQ(Split("café 東京"), V({"café", " 東京"}));
  EXPECT_EQ(Split("🙂🙂 x"), V({"🙂🙂", " x"}));
  EXPECT_EQ(Split(""), V({}));
}

TEST(ByteLevel, PieceSourcesCoverMultiByteCharacters) {
  const std::u32string chars = Chars("aé");
  ByteLevelPiece p = ToByteLevel(chars, 0, chars.size());
  EXPECT_EQ(p.text, "a\xC3\x83\xC2\xA9");  // 'a', then é's bytes C3 A9 as 'Ã' '©'
  ASSERT_EQ(p.source.size(), 3u);
  EXPECT_EQ(p.source[1], (std::pair<int64_t, int64_t>(1, 2)));
  EXPECT_EQ(p.source[2], (std::pair<int64_t, int64_t>(1, 2)));
}

std::unique_ptr<Bpe> ToyBpe(BpeOptions options = {}) {
  absl::flat_hash_map<std::string, int32_t> vocab = {{"a", 0},  {"b", 1},   {"c", 2},
                                                     {"ab", 3}, {"bc", 4},  {"abc", 5},
                                                     {"aa", 6}, {"<u>", 7}, {"<0x64>", 8}};
  std::vector<std::pair<std::string, std::string>> merges = {
      {"b", "c"}, {"a", "b"}, {"a", "bc"}, {"a", "a"}};
  auto bpe = Bpe::Create(vocab, merges, options);
  EXPECT_TRUE(bpe.ok()) << bpe.status();
  return bpe.ok() ? std::move(*bpe) : nullptr;
}

std::vector<int32_t> Ids(const Bpe& bpe, const std::string& word) {
  std::vector<Bpe::Piece> pieces;
  bpe.Pieces(word, &pieces);
  std::vector<int32_t> ids;
  for (const auto& p : pieces) ids.push_back(p.id);
  return ids;
}

TEST(Bpe, LowestRankFirstThenLeftmost) {
  auto bpe = ToyBpe();
  using V = std::vector<int32_t>;
  EXPECT_EQ(Ids(*bpe, "abc"), V({5}));      // b+c (rank 0), then a+bc (rank 2)
  EXPECT_EQ(Ids(*bpe, "abab"), V({3, 3}));  // a+b twice
  EXPECT_EQ(Ids(*bpe, "aaa"), V({6, 0}));   // the leftmost a+a first
  EXPECT_EQ(Ids(*bpe, "cab"), V({2, 3}));
  std::vector<Bpe::Piece> pieces;
  bpe->Pieces("cabc", &pieces);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1].id, 5);
  EXPECT_EQ(pieces[1].begin, 1);
  EXPECT_EQ(pieces[1].end, 4);
}

TEST(Bpe, UnknownCharacters) {
  using V = std::vector<int32_t>;
  EXPECT_EQ(Ids(*ToyBpe(), "axxb"), V({3}));  // no unk token: dropped, a and b then merge
  BpeOptions unk;
  unk.unk_token = "<u>";
  EXPECT_EQ(Ids(*ToyBpe(unk), "axxb"), V({0, 7, 7, 1}));
  unk.fuse_unk = true;
  EXPECT_EQ(Ids(*ToyBpe(unk), "axxb"), V({0, 7, 1}));
  BpeOptions bytes;
  bytes.byte_fallback = true;
  bytes.unk_token = "<u>";
  EXPECT_EQ(Ids(*ToyBpe(bytes), "adx"), V({0, 8, 7}));  // 'd' is <0x64>; 'x' has no byte piece
}

TEST(Bpe, BadMergesAreRefused) {
  absl::flat_hash_map<std::string, int32_t> vocab = {{"a", 0}, {"b", 1}};
  auto bpe = Bpe::Create(vocab, {{"a", "b"}}, {});
  ASSERT_FALSE(bpe.ok());
  EXPECT_EQ(bpe.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bpe.status().message().find("merge 1 (\"a b\") uses \"ab\""), std::string::npos)
      << bpe.status();
  BpeOptions unk;
  unk.unk_token = "<unk>";
  EXPECT_FALSE(Bpe::Create(vocab, {}, unk).ok());
  // An id far past the entries would size the id table by the id.
  auto sparse = Bpe::Create({{"a", 0}, {"b", 2000000000}}, {}, {});
  ASSERT_FALSE(sparse.ok());
  EXPECT_NE(
      sparse.status().message().find("\"b\" has id 2000000000; expected 0..65537 for 2 entries"),
      std::string::npos)
      << sparse.status();
}

TEST(Bpe, LongWordIsLinearish) {
  // 64 Ki characters without a merge boundary: the heap keeps this O(n log n). A work bound, not
  // a time bound: the result is the pairwise merge of the run.
  auto bpe = ToyBpe();
  const std::string word(65536, 'a');
  std::vector<Bpe::Piece> pieces;
  bpe->Pieces(word, &pieces);
  ASSERT_EQ(pieces.size(), 32768u);
  EXPECT_EQ(pieces.back().begin, 65534);
  EXPECT_EQ(pieces.back().id, 6);
}

// The words of `text` through a ByteLevel pre-tokenizer, each as "chars@begin-end,..." with the
// original span of every character (the text's characters are at 10, 11, ...).
std::vector<std::string> ByteWords(const ByteLevelOptions& options, const std::string& text) {
  const std::u32string chars = Chars(text);
  std::vector<CharSpan> origin;
  for (size_t i = 0; i < chars.size(); ++i) {
    origin.push_back({10 + static_cast<int32_t>(i), 11 + static_cast<int32_t>(i)});
  }
  PreTokenizedText out;
  ByteLevelPreTokenizer(options).PreTokenize(chars, origin.data(), &out);
  std::vector<std::string> words;
  for (const CharSpan& w : out.words) {
    std::string word;
    for (int32_t i = w.begin; i < w.end; ++i) {
      unicode::AppendUtf8(out.chars[i], &word);
      word += "@" + std::to_string(out.origin[i].begin) + "-" + std::to_string(out.origin[i].end);
      if (i + 1 < w.end) word += ",";
    }
    words.push_back(word);
  }
  return words;
}

TEST(ByteLevel, PreTokenizerMapsBytesAndKeepsEachCharactersOrigin) {
  using V = std::vector<std::string>;
  ByteLevelOptions options;
  options.add_prefix_space = false;
  // "é" is two bytes; both byte characters stand for the whole character.
  EXPECT_EQ(ByteWords(options, "Hi é"), V({"H@10-11,i@11-12", "Ġ@12-13,Ã@13-14,©@13-14"}));
  // The prefix space stands for the first character; a text starting with a space gets none.
  options.add_prefix_space = true;
  EXPECT_EQ(ByteWords(options, "Hi"), V({"Ġ@10-11,H@10-11,i@11-12"}));
  EXPECT_EQ(ByteWords(options, " Hi"), V({"Ġ@10-11,H@11-12,i@12-13"}));
  options.use_regex = false;
  EXPECT_EQ(ByteWords(options, "a b"), V({"Ġ@10-11,a@10-11,Ġ@11-12,b@12-13"}));
}

// An encoding of `tokens` with the given code-point offsets (bytes = code points here).
Encoding WithTokens(std::vector<std::string> tokens, std::vector<std::array<int64_t, 2>> offsets) {
  Encoding e;
  e.tokens = std::move(tokens);
  e.offsets = offsets;
  e.byte_offsets = std::move(offsets);
  e.ids.assign(e.tokens.size(), 0);
  return e;
}

TEST(ByteLevel, OffsetTrimmingDropsSpacesExceptTheAddedPrefix) {
  // "Hi  there " encoded with the prefix space: "ĠHi" [0,2], "Ġ" [2,3], "Ġthere" [3,9],
  // "Ġ" [9,10].
  Encoding e = WithTokens({"ĠHi", "Ġ", "Ġthere", "Ġ"}, {{0, 2}, {2, 3}, {3, 9}, {9, 10}});
  e.overflowing.push_back(WithTokens({"Ġthere"}, {{3, 9}}));
  Encoding no_prefix = e;
  TrimByteLevelOffsets(/*add_prefix_space=*/true, &e);
  using O = std::vector<std::array<int64_t, 2>>;
  // The first token keeps its one added space; a lone space collapses to an empty range at its
  // end; an overflow window is trimmed too (its first token's space was not added).
  EXPECT_EQ(e.offsets, (O{{0, 2}, {3, 3}, {4, 9}, {10, 10}}));
  EXPECT_EQ(e.byte_offsets, e.offsets);
  EXPECT_EQ(e.overflowing[0].offsets, (O{{3, 9}}));
  TrimByteLevelOffsets(/*add_prefix_space=*/false, &no_prefix);
  EXPECT_EQ(no_prefix.offsets, (O{{1, 2}, {3, 3}, {4, 9}, {10, 10}}));
  // An lstrip added token's absorbed whitespace, and trailing spaces, are trimmed as well; a
  // multi-byte space moves the byte offset by its length.
  Encoding added = WithTokens({"x", "\u3000<mask>", "aĠĠ"}, {{0, 1}, {1, 8}, {8, 11}});
  added.byte_offsets = {{0, 1}, {1, 10}, {10, 13}};
  TrimByteLevelOffsets(false, &added);
  EXPECT_EQ(added.offsets, (O{{0, 1}, {2, 8}, {8, 9}}));
  EXPECT_EQ(added.byte_offsets, (O{{0, 1}, {4, 10}, {10, 11}}));
}

std::string ScratchDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / ("octet_bpe_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A toy byte-level BPE: "Ġ", "a", "b", "ab", "Ġab" and the RoBERTa specials.
nlohmann::json ToyVocab() {
  return {{"<s>", 0}, {"<pad>", 1}, {"</s>", 2}, {"<unk>", 3}, {"a", 4},
          {"b", 5},   {"Ġ", 6},     {"ab", 7},   {"Ġab", 8},   {"<mask>", 9}};
}

TEST(Bpe, FromJsonRefusesDropoutAndMalformedMerges) {
  const std::string dir = ScratchDir("json");
  const auto load = [&](const nlohmann::json& model) {
    nlohmann::json j = {{"model", model},
                        {"normalizer", nullptr},
                        {"pre_tokenizer", {{"type", "ByteLevel"}}},
                        {"post_processor", nullptr},
                        {"added_tokens", nlohmann::json::array()}};
    Write(dir + "/tokenizer.json", j.dump());
    return Tokenizer::FromTokenizerJson(dir + "/tokenizer.json").status();
  };
  nlohmann::json model = {{"type", "BPE"}, {"vocab", ToyVocab()}, {"merges", {"a b", "Ġ ab"}}};
  EXPECT_TRUE(load(model).ok()) << load(model);
  model["dropout"] = 0.1;
  EXPECT_EQ(load(model).message(),
            dir +
                "/tokenizer.json: \"model.dropout\": expected null or 0 (BPE dropout makes "
                "tokenization random; it is for training), got 0.1");
  model["dropout"] = nullptr;
  model["merges"] = {"a b", "Ġ ab extra"};
  EXPECT_EQ(load(model).message(),
            dir +
                "/tokenizer.json: \"model.merges[1]\": a merge is two tokens separated by "
                "one space, got \"\\xc4\\xa0 ab extra\"");
  model["merges"] = {{"a", "b"}, {"Ġ"}};
  EXPECT_EQ(load(model).message(),
            dir +
                "/tokenizer.json: \"model.merges[1]\": expected a string \"a b\" or a pair "
                "[\"a\", \"b\"], got [\"Ġ\"]");
}

TEST(Bpe, LegacyFilesNeedMergesAndHonourTheConfigsPrefixSpace) {
  const std::string dir = ScratchDir("legacy");
  Write(dir + "/vocab.json", ToyVocab().dump());
  const absl::Status missing = Tokenizer::FromDirectory(dir).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), dir +
                                   "/vocab.json: a vocab.json (byte-level BPE) needs merges.txt "
                                   "beside it; it is missing");
  Write(dir + "/merges.txt", "#version: 0.2\na b\nĠ ab\n");
  auto plain = Tokenizer::FromDirectory(dir);
  ASSERT_TRUE(plain.ok()) << plain.status();
  auto enc = (*plain)->Encode("ab <mask>", EncodeOptions());
  ASSERT_TRUE(enc.ok()) << enc.status();
  // <s> ab " <mask>" </s>: the mask absorbs the space before it; its offsets do not.
  EXPECT_EQ(enc->ids, (std::vector<int32_t>{0, 7, 9, 2}));
  EXPECT_EQ(enc->tokens, (std::vector<std::string>{"<s>", "ab", " <mask>", "</s>"}));
  EXPECT_EQ(enc->offsets, (std::vector<std::array<int64_t, 2>>{{0, 0}, {0, 2}, {3, 9}, {0, 0}}));
  EXPECT_EQ((*plain)->cls_id(), 0);
  EXPECT_EQ((*plain)->pad_id(), 1);
  EXPECT_EQ((*plain)->mask_id(), 9);
  // add_prefix_space from tokenizer_config.json: "ab" is read as " ab", offsets stay [0, 2].
  Write(dir + "/tokenizer_config.json", R"({"add_prefix_space": true})");
  auto prefixed = Tokenizer::FromDirectory(dir);
  ASSERT_TRUE(prefixed.ok()) << prefixed.status();
  enc = (*prefixed)->Encode("ab", EncodeOptions());
  ASSERT_TRUE(enc.ok()) << enc.status();
  EXPECT_EQ(enc->ids, (std::vector<int32_t>{0, 8, 2}));
  EXPECT_EQ(enc->offsets, (std::vector<std::array<int64_t, 2>>{{0, 0}, {0, 2}, {0, 0}}));
  // A pair: <s> A </s></s> B </s>, every type id 0.
  enc = (*prefixed)->EncodePair("ab", "b", EncodeOptions());
  ASSERT_TRUE(enc.ok()) << enc.status();
  EXPECT_EQ(enc->ids, (std::vector<int32_t>{0, 8, 2, 2, 6, 5, 2}));
  EXPECT_EQ(enc->type_ids, (std::vector<int32_t>(7, 0)));
  EXPECT_EQ(enc->sequence_ids, (std::vector<int32_t>{-1, 0, -1, -1, 1, 1, -1}));
}

}  // namespace
}  // namespace octet
