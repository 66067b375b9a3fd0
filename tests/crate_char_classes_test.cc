// The BERT character classes follow the tokenizers crate's Unicode 8.0 tables, not today's
// Unicode: the expected tokens below are what the crate (tokenizers 0.22.2) returns for the
// bert-base-uncased tokenizer.json in tests/data/tokenizers.
#include "core/base/crate_char_classes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/unicode_util.h"
#include "core/tokenizer/tokenizer.h"
#include "tests/test_util.h"

namespace octet {
namespace {

TEST(CrateCharClasses, ClassesOfSingleCodePoints) {
  // U+0301 COMBINING ACUTE ACCENT: Mn since Unicode 1.1.
  EXPECT_TRUE(unicode::IsCrateNonSpacingMark(0x0301));
  // U+08CA (Unicode 14) and U+1DF6 (Unicode 10) are Mn today but unassigned in 8.0: word chars.
  EXPECT_FALSE(unicode::IsCrateNonSpacingMark(0x08CA));
  EXPECT_FALSE(unicode::IsCrateNonSpacingMark(0x1DF6));
  EXPECT_FALSE(unicode::IsBertPunctuation(0x08CA));
  EXPECT_FALSE(unicode::IsBertControl(0x08CA));
  // U+061D ARABIC END OF TEXT MARK (Unicode 14, Po today): not punctuation for the crate.
  EXPECT_FALSE(unicode::IsCratePunctuation(0x061D));
  // U+166D CANADIAN SYLLABICS CHI SIGN: Po in 8.0, So since: punctuation for the crate.
  EXPECT_TRUE(unicode::IsCratePunctuation(0x166D));
  EXPECT_TRUE(unicode::IsBertPunctuation(0x166D));
  // ASCII and common punctuation.
  EXPECT_TRUE(unicode::IsBertPunctuation('!'));
  EXPECT_TRUE(unicode::IsBertPunctuation(0x2014));  // EM DASH
  EXPECT_FALSE(unicode::IsBertPunctuation('a'));
  // Controls and format characters are removed; tab / newline / return are whitespace.
  EXPECT_TRUE(unicode::IsBertControl(0x0001));
  EXPECT_TRUE(unicode::IsBertControl(0x200B));  // ZERO WIDTH SPACE is Cf
  EXPECT_TRUE(unicode::IsBertControl(0xE000));  // private use
  EXPECT_FALSE(unicode::IsBertControl('\t'));
  EXPECT_FALSE(unicode::IsBertControl(0x0378));  // unassigned: not "other" for the crate
  // Range edges of the tables: the first and last entries are found.
  using unicode::crate_tables::kNonSpacingMark;
  using unicode::crate_tables::kNonSpacingMarkCount;
  EXPECT_TRUE(unicode::IsCrateNonSpacingMark(kNonSpacingMark[0].lo));
  EXPECT_TRUE(unicode::IsCrateNonSpacingMark(kNonSpacingMark[kNonSpacingMarkCount - 1].hi));
  EXPECT_FALSE(unicode::IsCrateNonSpacingMark(kNonSpacingMark[0].lo - 1));
}

std::vector<std::string> Tokens(const Tokenizer& tokenizer, const std::string& text) {
  EncodeOptions options;
  options.add_special_tokens = false;
  auto enc = tokenizer.Encode(text, options);
  EXPECT_TRUE(enc.ok()) << enc.status();
  return enc.ok() ? enc->tokens : std::vector<std::string>{};
}

TEST(CrateCharClasses, BertUncasedTokenizesAsTheCrate) {
  auto tokenizer =
      Tokenizer::FromDirectory(testing::TestDataDir() + "/tokenizers/bert-base-uncased");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  const Tokenizer& t = **tokenizer;
  using V = std::vector<std::string>;
  EXPECT_EQ(Tokens(t, "\u08ca"), V({"[UNK]"}));
  EXPECT_EQ(Tokens(t, "na\u1df6ive"), V({"[UNK]"}));
  EXPECT_EQ(Tokens(t, "word\u061dword"), V({"[UNK]"}));
  EXPECT_EQ(Tokens(t, "a\u0890b"), V({"[UNK]"}));
  EXPECT_EQ(Tokens(t, "a\u166db"), V({"a", "[UNK]", "b"}));
  // Old marks are still stripped, old punctuation still split.
  EXPECT_EQ(Tokens(t, "na\u0308ive"), V({"naive"}));
  EXPECT_EQ(Tokens(t, "word\u060cword"), V({"word", "\u060c", "word"}));
}

}  // namespace
}  // namespace octet
