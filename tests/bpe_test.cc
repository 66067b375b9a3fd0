// The byte-level pre-tokenizer and the BPE model, with literal expectations (the byte table and
// splits are GPT-2's; the merges are toy ones whose results follow by hand).
#include "core/tokenizer/models/bpe.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/base/unicode_util.h"
#include "core/tokenizer/pre_tokenizers/byte_level.h"

namespace octet {
namespace {

std::vector<char32_t> Chars(const std::string& s) {
  unicode::DecodedText d;
  EXPECT_TRUE(unicode::DecodeUtf8(s, &d).ok());
  return d.chars;
}

std::vector<std::string> Split(const std::string& s) {
  const std::vector<char32_t> chars = Chars(s);
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
  const std::vector<char32_t> chars = Chars("aé");
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
  bpe.Tokenize(word, &pieces);
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
  bpe->Tokenize("cabc", &pieces);
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
  // N entries use the ids 0..N-1; a larger id would size the id table by the id.
  auto sparse = Bpe::Create({{"a", 0}, {"b", 2000000000}}, {}, {});
  ASSERT_FALSE(sparse.ok());
  EXPECT_NE(sparse.status().message().find("\"b\" has id 2000000000"), std::string::npos)
      << sparse.status();
}

TEST(Bpe, LongWordIsLinearish) {
  // 64 Ki characters without a merge boundary: the heap keeps this O(n log n). A work bound, not
  // a time bound: the result is the pairwise merge of the run.
  auto bpe = ToyBpe();
  const std::string word(65536, 'a');
  std::vector<Bpe::Piece> pieces;
  bpe->Tokenize(word, &pieces);
  ASSERT_EQ(pieces.size(), 32768u);
  EXPECT_EQ(pieces.back().begin, 65534);
  EXPECT_EQ(pieces.back().id, 6);
}

}  // namespace
}  // namespace octet
