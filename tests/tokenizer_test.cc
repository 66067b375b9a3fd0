// Unit tests of the tokenizer on a small vocabulary: encoding fields, truncation strategies,
// overflow windows with stride, the [UNK] rules, added tokens, offsets and invalid input.

#include "core/tokenizer/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Offsets = std::vector<std::array<int64_t, 2>>;

// ids:                                 0        1        2        3        4
const std::vector<std::string> kVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                         // 5      6        7     8    9     10   11   12
                                         "hello", "world", "##s", "a", "##a", "b", "c", "d",
                                         // 13  14   15   16   17   18   19    20    21   22
                                         "e", "f", "g", "h", "i", "j", "q1", "q2", ",", "!",
                                         // 23  24    25   26   27   28   29   30     31
                                         "你", "好", "[", "]", "$", "+", "=", "5", "##é"};

std::unique_ptr<Tokenizer> Toy(NormalizerOptions options = {}) {
  auto t = Tokenizer::FromVocab(kVocab, options);
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

Encoding MustEncode(const Tokenizer& t, std::string_view text, EncodeOptions options = {}) {
  auto e = t.Encode(text, options);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *std::move(e) : Encoding();
}

Encoding MustEncodePair(const Tokenizer& t, std::string_view a, std::string_view b,
                        EncodeOptions options = {}) {
  auto e = t.EncodePair(a, b, options);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *std::move(e) : Encoding();
}

EncodeOptions Truncate(int64_t max_length, Truncation strategy, int64_t stride = 0,
                       bool overflow = false) {
  EncodeOptions o;
  o.max_length = max_length;
  o.truncation = strategy;
  o.stride = stride;
  o.return_overflowing = overflow;
  return o;
}

TEST(TokenizerTest, SingleTextFields) {
  const auto t = Toy();
  const Encoding e = MustEncode(*t, "Hello, worlds!");
  EXPECT_THAT(e.tokens, ElementsAre("[CLS]", "hello", ",", "world", "##s", "!", "[SEP]"));
  EXPECT_THAT(e.ids, ElementsAre(2, 5, 21, 6, 7, 22, 3));
  EXPECT_THAT(e.type_ids, ElementsAre(0, 0, 0, 0, 0, 0, 0));
  EXPECT_THAT(e.attention_mask, ElementsAre(1, 1, 1, 1, 1, 1, 1));
  EXPECT_THAT(e.special_tokens_mask, ElementsAre(1, 0, 0, 0, 0, 0, 1));
  EXPECT_THAT(e.sequence_ids, ElementsAre(-1, 0, 0, 0, 0, 0, -1));
  EXPECT_THAT(e.word_ids, ElementsAre(-1, 0, 1, 2, 2, 3, -1));
  EXPECT_EQ(e.offsets, (Offsets{{0, 0}, {0, 5}, {5, 6}, {7, 12}, {12, 13}, {13, 14}, {0, 0}}));
  EXPECT_EQ(e.byte_offsets, e.offsets);
  EXPECT_THAT(e.overflowing, IsEmpty());
  EXPECT_EQ(e.size(), 7u);
}

TEST(TokenizerTest, PairFields) {
  const auto t = Toy();
  const Encoding e = MustEncodePair(*t, "q1 q2", "a b");
  EXPECT_THAT(e.ids, ElementsAre(2, 19, 20, 3, 8, 10, 3));
  EXPECT_THAT(e.type_ids, ElementsAre(0, 0, 0, 0, 1, 1, 1));
  EXPECT_THAT(e.sequence_ids, ElementsAre(-1, 0, 0, -1, 1, 1, -1));
  EXPECT_THAT(e.word_ids, ElementsAre(-1, 0, 1, -1, 0, 1, -1));
  // Second-text offsets are relative to the second text.
  EXPECT_EQ(e.offsets, (Offsets{{0, 0}, {0, 2}, {3, 5}, {0, 0}, {0, 1}, {2, 3}, {0, 0}}));
  EncodeOptions no_specials;
  no_specials.add_special_tokens = false;
  const Encoding bare = MustEncodePair(*t, "q1 q2", "a b", no_specials);
  EXPECT_THAT(bare.ids, ElementsAre(19, 20, 8, 10));
  EXPECT_THAT(bare.type_ids, ElementsAre(0, 0, 1, 1));
}

TEST(TokenizerTest, EmptyAndBlankText) {
  const auto t = Toy();
  for (const char* text : {"", "  \t\n ", "\xC2\xAD"}) {
    const Encoding e = MustEncode(*t, text);
    EXPECT_THAT(e.ids, ElementsAre(2, 3)) << text;
    EXPECT_EQ(e.offsets, (Offsets{{0, 0}, {0, 0}}));
  }
}

TEST(TruncationTest, SingleLongestFirst) {
  const auto t = Toy();
  const Encoding e = MustEncode(*t, "a b c d e f", Truncate(5, Truncation::kLongestFirst));
  EXPECT_THAT(e.ids, ElementsAre(2, 8, 10, 11, 3));
  EXPECT_THAT(e.overflowing, IsEmpty());  // not requested
}

TEST(TruncationTest, SingleOverflowWithStride) {
  const auto t = Toy();
  // 3 tokens per window, windows every 3 − 1 = 2 tokens: [a b c] [c d e] [e f].
  const Encoding e = MustEncode(*t, "a b c d e f", Truncate(5, Truncation::kLongestFirst, 1, true));
  EXPECT_THAT(e.ids, ElementsAre(2, 8, 10, 11, 3));
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_THAT(e.overflowing[0].ids, ElementsAre(2, 11, 12, 13, 3));
  EXPECT_THAT(e.overflowing[0].word_ids, ElementsAre(-1, 2, 3, 4, -1));
  EXPECT_EQ(e.overflowing[0].offsets, (Offsets{{0, 0}, {4, 5}, {6, 7}, {8, 9}, {0, 0}}));
  EXPECT_THAT(e.overflowing[1].ids, ElementsAre(2, 13, 14, 3));
}

TEST(TruncationTest, PairLongestFirstCutsBoth) {
  const auto t = Toy();
  // Budget 8 − 3 = 5 for 5 + 3 tokens: the longer keeps 3, the shorter 2.
  Encoding e = MustEncodePair(*t, "a b c d e", "f g h", Truncate(8, Truncation::kLongestFirst));
  EXPECT_THAT(e.ids, ElementsAre(2, 8, 10, 11, 3, 14, 15, 3));
  // Only the longer needs cutting: 6 + 1 → 4 + 1.
  e = MustEncodePair(*t, "a b c d e f", "g", Truncate(8, Truncation::kLongestFirst));
  EXPECT_THAT(e.ids, ElementsAre(2, 8, 10, 11, 12, 3, 15, 3));
  e = MustEncodePair(*t, "g", "a b c d e f", Truncate(8, Truncation::kLongestFirst));
  EXPECT_THAT(e.ids, ElementsAre(2, 15, 3, 8, 10, 11, 12, 3));
}

TEST(TruncationTest, PairLongestFirstOverflowOrderMatchesHuggingFace) {
  const auto t = Toy();
  // Budget 4: each text keeps 2 and overflows 2. HF order: A1+B0, A1+B1, A0+B1, where the
  // first and last carry a nested A1+B1 window.
  const Encoding e =
      MustEncodePair(*t, "a b c d", "e f g h", Truncate(7, Truncation::kLongestFirst, 0, true));
  EXPECT_THAT(e.ids, ElementsAre(2, 8, 10, 3, 13, 14, 3));
  ASSERT_EQ(e.overflowing.size(), 3u);
  EXPECT_THAT(e.overflowing[0].ids, ElementsAre(2, 11, 12, 3, 13, 14, 3));
  EXPECT_THAT(e.overflowing[1].ids, ElementsAre(2, 11, 12, 3, 15, 16, 3));
  EXPECT_THAT(e.overflowing[2].ids, ElementsAre(2, 8, 10, 3, 15, 16, 3));
  ASSERT_EQ(e.overflowing[0].overflowing.size(), 1u);
  EXPECT_THAT(e.overflowing[0].overflowing[0].ids, ElementsAre(2, 11, 12, 3, 15, 16, 3));
  EXPECT_THAT(e.overflowing[1].overflowing, IsEmpty());
  ASSERT_EQ(e.overflowing[2].overflowing.size(), 1u);
  EXPECT_THAT(e.overflowing[1].type_ids, ElementsAre(0, 0, 0, 0, 1, 1, 1));
  EXPECT_THAT(e.overflowing[1].sequence_ids, ElementsAre(-1, 0, 0, -1, 1, 1, -1));
}

TEST(TruncationTest, OnlyFirstAndOnlySecond) {
  const auto t = Toy();
  Encoding e = MustEncodePair(*t, "a b c d e", "f g h", Truncate(8, Truncation::kOnlyFirst));
  EXPECT_THAT(e.ids, ElementsAre(2, 8, 10, 3, 14, 15, 16, 3));
  e = MustEncodePair(*t, "q1 q2", "a b c d e", Truncate(8, Truncation::kOnlySecond));
  EXPECT_THAT(e.ids, ElementsAre(2, 19, 20, 3, 8, 10, 11, 3));
  // Without special tokens the whole max_length is the budget.
  EncodeOptions bare = Truncate(4, Truncation::kOnlySecond);
  bare.add_special_tokens = false;
  e = MustEncodePair(*t, "q1 q2", "a b c d e", bare);
  EXPECT_THAT(e.ids, ElementsAre(19, 20, 8, 10));
  // Nothing to cut: the strategy does not matter.
  e = MustEncodePair(*t, "q1", "a", Truncate(8, Truncation::kOnlySecond));
  EXPECT_THAT(e.ids, ElementsAre(2, 19, 3, 8, 3));
}

TEST(TruncationTest, QuestionAnsweringWindows) {
  const auto t = Toy();
  // max_length 9 leaves m = 9 − 2 − 3 = 4 context tokens per window; stride 2, so windows start
  // at k·(4 − 2): [a b c d] [c d e f] [e f g h] [g h i j].
  const Encoding e = MustEncodePair(*t, "q1 q2", "a b c d e f g h i j",
                                    Truncate(9, Truncation::kOnlySecond, 2, true));
  std::vector<const Encoding*> windows = {&e};
  for (const Encoding& w : e.overflowing) windows.push_back(&w);
  ASSERT_EQ(windows.size(), 4u);
  const std::vector<std::vector<int32_t>> context_ids = {
      {8, 10, 11, 12}, {11, 12, 13, 14}, {13, 14, 15, 16}, {15, 16, 17, 18}};
  for (size_t k = 0; k < windows.size(); ++k) {
    const Encoding& w = *windows[k];
    SCOPED_TRACE(k);
    std::vector<int32_t> expected = {2, 19, 20, 3};
    expected.insert(expected.end(), context_ids[k].begin(), context_ids[k].end());
    expected.push_back(3);
    EXPECT_EQ(w.ids, expected);
    EXPECT_THAT(w.type_ids, ElementsAre(0, 0, 0, 0, 1, 1, 1, 1, 1));
    EXPECT_THAT(w.sequence_ids, ElementsAre(-1, 0, 0, -1, 1, 1, 1, 1, -1));
    EXPECT_THAT(w.special_tokens_mask, ElementsAre(1, 0, 0, 1, 0, 0, 0, 0, 1));
    const int64_t first_word = 2 * static_cast<int64_t>(k);
    EXPECT_EQ(w.word_ids[4], first_word);
    EXPECT_EQ(w.word_ids[7], first_word + 3);
    // Context offsets are relative to the context: word n sits at [2n, 2n + 1).
    EXPECT_EQ(w.offsets[4], (std::array<int64_t, 2>{2 * first_word, 2 * first_word + 1}));
    EXPECT_EQ(w.offsets[1], (std::array<int64_t, 2>{0, 2}));
    if (k > 0) {
      EXPECT_THAT(w.overflowing, IsEmpty());
    }
  }
}

TEST(TruncationTest, ImpossibleRequestsAreInvalidArgument) {
  const auto t = Toy();
  // only_second, question too long: budget 5 but the question alone has 6 tokens.
  EXPECT_THAT(t->EncodePair("a b c d e f", "g h", Truncate(8, Truncation::kOnlySecond)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only_second")));
  // stride ≥ window budget (m = 9 − 2 − 3 = 4).
  EXPECT_THAT(
      t->EncodePair("q1 q2", "a b c d e f g h i j", Truncate(9, Truncation::kOnlySecond, 4, true))
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected stride < 4, got stride 4")));
  // max_length smaller than the special tokens.
  EXPECT_THAT(t->EncodePair("a", "b", Truncate(2, Truncation::kLongestFirst)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected max_length >= 3")));
  EXPECT_THAT(t->Encode("a b c", Truncate(4, Truncation::kOnlySecond)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("second text")));
  EXPECT_THAT(t->Encode("a", Truncate(-1, Truncation::kLongestFirst)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_length")));
}

TEST(WordPieceRulesTest, LongWordBecomesOneUnk) {
  const auto t = Toy();
  EncodeOptions bare;
  bare.add_special_tokens = false;
  const std::string hundred(100, 'a');
  Encoding e = MustEncode(*t, hundred, bare);
  ASSERT_EQ(e.size(), 100u);
  EXPECT_EQ(e.tokens[0], "a");
  EXPECT_EQ(e.tokens[99], "##a");
  e = MustEncode(*t, "b " + hundred + "a c", bare);
  EXPECT_THAT(e.tokens, ElementsAre("b", "[UNK]", "c"));
  EXPECT_EQ(e.offsets[1], (std::array<int64_t, 2>{2, 103}));
  EXPECT_THAT(e.word_ids, ElementsAre(0, 1, 2));
  // The limit counts code points, not bytes: 60 × "é" (120 bytes) is fine when cased.
  NormalizerOptions cased;
  cased.lowercase = false;
  const auto tc = Toy(cased);
  std::string accents = "a";
  for (int i = 0; i < 60; ++i) accents += "\xC3\xA9";
  e = MustEncode(*tc, accents, bare);
  EXPECT_EQ(e.size(), 61u);
  EXPECT_EQ(e.offsets.back(), (std::array<int64_t, 2>{60, 61}));
  EXPECT_EQ(e.byte_offsets.back(), (std::array<int64_t, 2>{119, 121}));
}

TEST(WordPieceRulesTest, UnmatchableRemainderMakesTheWholeWordUnk) {
  const auto t = Toy();
  EncodeOptions bare;
  bare.add_special_tokens = false;
  const Encoding e = MustEncode(*t, "hellos helloz", bare);
  EXPECT_THAT(e.tokens, ElementsAre("hello", "##s", "[UNK]"));
  EXPECT_EQ(e.offsets[2], (std::array<int64_t, 2>{7, 13}));
}

TEST(AddedTokensTest, SpecialTokensInTextAreKeptWhole) {
  const auto t = Toy();
  const Encoding e = MustEncode(*t, "Hello[MASK]world [SEP] [mask]");
  EXPECT_THAT(e.tokens, ElementsAre("[CLS]", "hello", "[MASK]", "world", "[SEP]", "[", "[UNK]", "]",
                                    "[SEP]"));
  EXPECT_THAT(e.ids, ElementsAre(2, 5, 4, 6, 3, 25, 1, 26, 3));
  // Only the post-processor's tokens count as special in the mask (as in Hugging Face).
  EXPECT_THAT(e.special_tokens_mask, ElementsAre(1, 0, 0, 0, 0, 0, 0, 0, 1));
  EXPECT_THAT(e.word_ids, ElementsAre(-1, 0, 1, 2, 3, 4, 5, 6, -1));
  EXPECT_EQ(e.offsets[2], (std::array<int64_t, 2>{5, 11}));
  EXPECT_EQ(e.offsets[4], (std::array<int64_t, 2>{17, 22}));
}

TEST(OffsetsTest, NonAsciiAndCjkMapToTheOriginalText) {
  const auto t = Toy();
  EncodeOptions bare;
  bare.add_special_tokens = false;
  // "Héllo 你好 world!": é is 2 bytes, each CJK char 3.
  Encoding e = MustEncode(*t, "H\xC3\xA9llo \xE4\xBD\xA0\xE5\xA5\xBD world!", bare);
  EXPECT_THAT(e.tokens, ElementsAre("hello", "你", "好", "world", "!"));
  EXPECT_EQ(e.offsets, (Offsets{{0, 5}, {6, 7}, {7, 8}, {9, 14}, {14, 15}}));
  EXPECT_EQ(e.byte_offsets, (Offsets{{0, 6}, {7, 10}, {10, 13}, {14, 19}, {19, 20}}));
  // Decomposed input ("e" + U+0301) and a removed soft hyphen still cover the original chars.
  e = MustEncode(*t, "He\xCC\x81l\xC2\xADlo", bare);
  EXPECT_THAT(e.tokens, ElementsAre("hello"));
  EXPECT_EQ(e.offsets, (Offsets{{0, 7}}));
  EXPECT_EQ(e.byte_offsets, (Offsets{{0, 9}}));
  // CJK without spaces: each ideograph is its own word.
  e = MustEncode(*t,
                 "a\xE4\xBD\xA0\xE5\xA5\xBD"
                 "b",
                 bare);
  EXPECT_THAT(e.tokens, ElementsAre("a", "你", "好", "b"));
  EXPECT_EQ(e.offsets, (Offsets{{0, 1}, {1, 2}, {2, 3}, {3, 4}}));
  // Cased: é stays precomposed and matches "##é"; offsets per original char.
  NormalizerOptions cased;
  cased.lowercase = false;
  e = MustEncode(*Toy(cased), "a\xC3\xA9", bare);
  EXPECT_THAT(e.tokens, ElementsAre("a", "##é"));
  EXPECT_EQ(e.offsets, (Offsets{{0, 1}, {1, 2}}));
}

TEST(NormalizationTest, RustCharacterClasses) {
  const auto t = Toy();
  EncodeOptions bare;
  bare.add_special_tokens = false;
  // U+2028 is White_Space (splits); U+0085 is Cc and U+E000 is Co (both removed).
  EXPECT_THAT(MustEncode(*t,
                         "a\xE2\x80\xA8"
                         "b",
                         bare)
                  .tokens,
              ElementsAre("a", "b"));
  EXPECT_THAT(MustEncode(*t,
                         "a\xC2\x85"
                         "a",
                         bare)
                  .tokens,
              ElementsAre("a", "##a"));
  EXPECT_THAT(MustEncode(*t,
                         "a\xEE\x80\x80"
                         "a",
                         bare)
                  .tokens,
              ElementsAre("a", "##a"));
  // An unassigned code point (Cn, U+0378) is kept, as in Rust (unicode_categories' is_other()
  // is Cc | Cf | Co); the Python BasicTokenizer would drop it.
  EXPECT_THAT(MustEncode(*t, "a\xCD\xB8", bare).tokens, ElementsAre("[UNK]"));
  // İ lowercases to "i" + U+0307 (two chars); with accent stripping (uncased default) the mark
  // goes away before lowercasing.
  NormalizerOptions no_strip;
  no_strip.strip_accents = false;
  EXPECT_THAT(MustEncode(*Toy(no_strip), "\xC4\xB0", bare).tokens, ElementsAre("[UNK]"));
  EXPECT_THAT(MustEncode(*t, "\xC4\xB0", bare).tokens, ElementsAre("i"));
  // ASCII symbols are punctuation; € (Sc) is not.
  EXPECT_THAT(MustEncode(*t, "$5+5=5", bare).tokens, ElementsAre("$", "5", "+", "5", "=", "5"));
  EXPECT_THAT(MustEncode(*t,
                         "\xE2\x82\xAC"
                         "5",
                         bare)
                  .tokens,
              ElementsAre("[UNK]"));
}

TEST(InvalidInputTest, InvalidUtf8IsInvalidArgumentWithByteOffset) {
  const auto t = Toy();
  EXPECT_THAT(t->Encode("ab\xC3(", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte offset 2")));
  EXPECT_THAT(t->Encode("\xC0\x80", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte offset 0")));
  EXPECT_THAT(t->Encode("abc\xED\xA0\x80", {}).status(),  // a UTF-16 surrogate
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte offset 3")));
  EXPECT_THAT(t->Encode("a\xF8\x88\x80\x80\x80", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte offset 1")));
  EXPECT_THAT(t->Encode("\xE4\xBD", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("byte offset 0")));
  EXPECT_THAT(t->EncodePair("fine", "x\xFF", {}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("text_pair"), HasSubstr("byte offset 1"))));
}

TEST(TokenizerTest, VocabularyAccessors) {
  const auto t = Toy();
  EXPECT_EQ(t->vocab_size(), static_cast<int64_t>(kVocab.size()));
  EXPECT_EQ(t->cls_id(), 2);
  EXPECT_EQ(t->sep_id(), 3);
  EXPECT_EQ(t->pad_id(), 0);
  EXPECT_EQ(t->unk_id(), 1);
  EXPECT_EQ(t->mask_id(), 4);
  EXPECT_EQ(t->model_max_length(), 512);
  EXPECT_EQ(t->TokenToId("hello"), 5);
  EXPECT_EQ(t->TokenToId("nope"), std::nullopt);
  EXPECT_EQ(t->IdToToken(6), "world");
  EXPECT_EQ(t->IdToToken(1000), "");
}

}  // namespace
}  // namespace octet
