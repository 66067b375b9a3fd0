// Each tokenizer pipeline piece alone, through its interface: BertNormalizer (with the alignment
// of every output character), BertPreTokenizer, WordPiece and TemplateProcessor.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/normalizers/bert_normalizer.h"
#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"
#include "core/tokenizer/processors/template_processor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace octet {
namespace {

using ::testing::ElementsAre;

// Spans as {begin, end} pairs, for readable expectations.
std::vector<std::vector<int32_t>> Pairs(const std::vector<CharSpan>& spans) {
  std::vector<std::vector<int32_t>> out;
  for (const CharSpan& s : spans) out.push_back({s.begin, s.end});
  return out;
}

std::vector<std::vector<int32_t>> Pairs(const std::vector<ModelToken>& tokens) {
  std::vector<std::vector<int32_t>> out;
  for (const ModelToken& t : tokens) out.push_back({t.id, t.begin, t.end});
  return out;
}

TEST(BertNormalizerTest, EveryOutputCharacterKeepsItsOriginalPosition) {
  const BertNormalizer bert{NormalizerOptions()};
  const Normalizer& normalizer = bert;
  NormalizedText out;
  // 'H' lowercased, 'é' loses its accent, BEL dropped, '東' spaced out; indices start at 10.
  const std::u32string text = U"Hé\u0007l 東";
  normalizer.NormalizeAppend(text.data(), text.size(), 10, &out);
  EXPECT_EQ(out.chars, U"hel  東 ");
  EXPECT_THAT(Pairs(out.origin),
              ElementsAre(ElementsAre(10, 11), ElementsAre(11, 12), ElementsAre(13, 14),
                          ElementsAre(14, 15), ElementsAre(15, 16), ElementsAre(15, 16),
                          ElementsAre(15, 16)));
}

TEST(BertNormalizerTest, AnExpandedCharacterGivesEachOutputTheSameOrigin) {
  NormalizerOptions options;
  options.strip_accents = false;  // lowercase only: 'İ' becomes "i" + U+0307
  const BertNormalizer bert(options);
  NormalizedText out;
  const std::u32string text = U"aİb";
  bert.NormalizeAppend(text.data(), text.size(), 0, &out);
  EXPECT_EQ(out.chars, U"ai\u0307b");
  EXPECT_THAT(Pairs(out.origin), ElementsAre(ElementsAre(0, 1), ElementsAre(1, 2),
                                             ElementsAre(1, 2), ElementsAre(2, 3)));
}

TEST(BertNormalizerTest, NormalizeReturnsUtf8AndRefusesInvalidInput) {
  const BertNormalizer bert{NormalizerOptions()};
  const Normalizer& normalizer = bert;
  EXPECT_EQ(normalizer.Normalize("Ça Va\tBIEN").value(), "ca va bien");
  const auto bad = normalizer.Normalize("a\xff");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(BertPreTokenizerTest, SplitsOnWhitespaceAndIsolatesPunctuation) {
  const BertPreTokenizer bert;
  const SplittingPreTokenizer& pre = bert;
  std::vector<CharSpan> words;
  // "Hi" "," "there" "!" "ok", shifted by base 5; the whitespace run is dropped.
  pre.Split(U"Hi, there!  ok", 5, &words);
  EXPECT_THAT(Pairs(words), ElementsAre(ElementsAre(5, 7), ElementsAre(7, 8), ElementsAre(9, 14),
                                        ElementsAre(14, 15), ElementsAre(17, 19)));
  words.clear();
  pre.Split(U" \t ", 0, &words);
  EXPECT_TRUE(words.empty());
  pre.Split(U"a\u3001b", 0, &words);  // U+3001 IDEOGRAPHIC COMMA is punctuation (Po)
  EXPECT_THAT(Pairs(words), ElementsAre(ElementsAre(0, 1), ElementsAre(1, 2), ElementsAre(2, 3)));
}

std::unique_ptr<WordPiece> ToyWordPiece() {
  auto model = WordPiece::Create(std::make_unique<Vocab>(std::vector<std::string>{
                                     "[UNK]", "un", "##aff", "##able", "é", "##a"}),
                                 WordPieceOptions());
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *std::move(model) : nullptr;
}

TEST(WordPieceTest, TokenizesThroughTheModelInterfaceWithByteOffsets) {
  const auto wordpiece = ToyWordPiece();
  ASSERT_NE(wordpiece, nullptr);
  const TokenizerModel& model = *wordpiece;
  std::vector<ModelToken> out;
  model.Tokenize("unaffable", &out);
  EXPECT_THAT(Pairs(out),
              ElementsAre(ElementsAre(1, 0, 2), ElementsAre(2, 2, 5), ElementsAre(3, 5, 9)));
  out.clear();
  model.Tokenize("éa", &out);  // 'é' is two bytes
  EXPECT_THAT(Pairs(out), ElementsAre(ElementsAre(4, 0, 2), ElementsAre(5, 2, 3)));
  out.clear();
  model.Tokenize("unx", &out);  // "##x" is missing: the whole word is one unk
  EXPECT_THAT(Pairs(out), ElementsAre(ElementsAre(0, 0, 3)));
  out.clear();
  model.Tokenize("", &out);
  EXPECT_TRUE(out.empty());
}

TEST(WordPieceTest, VocabularyLookupsThroughTheModelInterface) {
  const auto wordpiece = ToyWordPiece();
  ASSERT_NE(wordpiece, nullptr);
  const TokenizerModel& model = *wordpiece;
  EXPECT_EQ(model.TokenToId("##aff"), 2);
  EXPECT_EQ(model.TokenToId("aff"), std::nullopt);
  EXPECT_EQ(model.IdToToken(3), "##able");
  EXPECT_EQ(model.IdToToken(6), "");
  EXPECT_EQ(model.IdToToken(-1), "");
  EXPECT_EQ(model.vocab_size(), 6);
  EXPECT_EQ(model.unk_id(), 0);
}

TEST(WordPieceTest, CreateRefusesAVocabularyWithoutTheUnkToken) {
  auto model = WordPiece::Create(std::make_unique<Vocab>(std::vector<std::string>{"a", "b"}),
                                 WordPieceOptions());
  EXPECT_EQ(model.status().message(),
            "the vocabulary has no unk token \"[UNK]\" (expected it among the 2 entries)");
}

// A sequence encoding of `ids` (tokens "t<id>"), as the tokenizer hands it to the processor.
Encoding Sequence(const std::vector<int32_t>& ids, int32_t sequence) {
  Encoding e;
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto at = static_cast<int64_t>(i);
    e.ids.push_back(ids[i]);
    e.tokens.push_back("t" + std::to_string(ids[i]));
    e.offsets.push_back({at, at + 1});
    e.byte_offsets.push_back({at, at + 1});
    e.word_ids.push_back(static_cast<int32_t>(i));
  }
  e.type_ids.assign(ids.size(), sequence);
  e.sequence_ids.assign(ids.size(), sequence);
  e.attention_mask.assign(ids.size(), 1);
  e.special_tokens_mask.assign(ids.size(), 0);
  return e;
}

std::unique_ptr<TemplateProcessor> BertTemplate() {
  auto p = TemplateProcessor::Create(TemplateSpec::Bert("[CLS]", 101, "[SEP]", 102));
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *std::move(p) : nullptr;
}

TEST(TemplateProcessorTest, BertTemplateForAPair) {
  const auto bert = BertTemplate();
  ASSERT_NE(bert, nullptr);
  const PostProcessor& processor = *bert;
  EXPECT_EQ(processor.AddedTokens(false), 2);
  EXPECT_EQ(processor.AddedTokens(true), 3);
  const Encoding e = processor.Process(Sequence({7, 8}, 0), Sequence({9}, 1), true);
  EXPECT_THAT(e.ids, ElementsAre(101, 7, 8, 102, 9, 102));
  EXPECT_THAT(e.tokens, ElementsAre("[CLS]", "t7", "t8", "[SEP]", "t9", "[SEP]"));
  EXPECT_THAT(e.type_ids, ElementsAre(0, 0, 0, 0, 1, 1));
  EXPECT_THAT(e.special_tokens_mask, ElementsAre(1, 0, 0, 1, 0, 1));
  EXPECT_THAT(e.sequence_ids, ElementsAre(-1, 0, 0, -1, 1, -1));
  EXPECT_THAT(e.word_ids, ElementsAre(-1, 0, 1, -1, 0, -1));
  EXPECT_THAT(e.offsets[2], ElementsAre(1, 2));
  EXPECT_THAT(e.offsets[3], ElementsAre(0, 0));
}

TEST(TemplateProcessorTest, WithoutSpecialTokensOnlyTheTypeIdsAreSet) {
  const auto bert = BertTemplate();
  ASSERT_NE(bert, nullptr);
  const Encoding e = bert->Process(Sequence({7, 8}, 0), Sequence({9}, 1), false);
  EXPECT_THAT(e.ids, ElementsAre(7, 8, 9));
  EXPECT_THAT(e.type_ids, ElementsAre(0, 0, 1));
  EXPECT_THAT(e.special_tokens_mask, ElementsAre(0, 0, 0));
}

TEST(TemplateProcessorTest, ASpecialTokenMayExpandToSeveralIds) {
  using Kind = TemplatePiece::Kind;
  TemplateSpec spec;
  spec.single = {{Kind::kSpecialToken, 0, "[X]", 0}, {Kind::kSequence, 0, "", 0}};
  spec.pair = {
      {Kind::kSequence, 0, "", 0}, {Kind::kSpecialToken, 0, "[X]", 1}, {Kind::kSequence, 1, "", 1}};
  spec.special_tokens = {{"[X]", {5, 6}, {"x1", "x2"}}};
  auto processor = TemplateProcessor::Create(std::move(spec));
  ASSERT_TRUE(processor.ok()) << processor.status();
  EXPECT_EQ((*processor)->AddedTokens(false), 2);
  EXPECT_EQ((*processor)->AddedTokens(true), 2);
  const Encoding single = (*processor)->Process(Sequence({7}, 0), std::nullopt, true);
  EXPECT_THAT(single.ids, ElementsAre(5, 6, 7));
  EXPECT_THAT(single.tokens, ElementsAre("x1", "x2", "t7"));
  const Encoding pair = (*processor)->Process(Sequence({7}, 0), Sequence({9}, 1), true);
  EXPECT_THAT(pair.ids, ElementsAre(7, 5, 6, 9));
  EXPECT_THAT(pair.type_ids, ElementsAre(0, 1, 1, 1));
}

TEST(TemplateProcessorTest, CreateRefusesAnUndefinedSpecialToken) {
  using Kind = TemplatePiece::Kind;
  TemplateSpec spec = TemplateSpec::None();
  spec.single.push_back({Kind::kSpecialToken, 0, "[Y]", 0});
  EXPECT_EQ(TemplateProcessor::Create(std::move(spec)).status().message(),
            "template uses special token \"[Y]\", which special_tokens does not define");
}

}  // namespace
}  // namespace octet
