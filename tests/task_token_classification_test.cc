// The token-classification pipeline in core/tasks/token_classification.h on a small WordPiece
// vocabulary and hand-made logits: each aggregation strategy, ignore_labels, B-/I- grouping,
// unknown tokens, stride windows merged, and the space rule for tokenizers without a
// continuation prefix (roberta_cls's byte-level BPE).

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/tasks/token_classification.h"
#include "core/tasks/token_string.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

// ids:                                 0        1        2        3        4
const std::vector<std::string> kVocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                         // 5   6       7     8       9        10     11
                                         "my", "name", "is", "wolf", "##gang", "and", "i",
                                         // 12    13    14     15      16
                                         "live", "in", "new", "york", "."};
const std::vector<std::string> kLabels = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
constexpr int kO = 0, kBPer = 1, kIPer = 2, kBLoc = 3, kILoc = 4;

// [CLS] my name is wolf ##gang and i live in new york . [SEP]
constexpr char kText[] = "My name is Wolfgang and I live in New York.";

// softmax of a logit x against four zero logits.
double Top(double x) { return std::exp(x) / (std::exp(x) + 4); }
double Rest(double x) { return 1 / (std::exp(x) + 4); }

std::unique_ptr<Tokenizer> Toy() {
  auto t = Tokenizer::FromVocab(kVocab, NormalizerOptions());
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

// One row per token: `logit` on label `label`, 0 elsewhere.
Matrix Logits(const std::vector<std::pair<int, float>>& rows) {
  Matrix m;
  m.Resize(static_cast<int64_t>(rows.size()), static_cast<int64_t>(kLabels.size()));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t l = 0; l < kLabels.size(); ++l) m.row(static_cast<int64_t>(r))[l] = 0.f;
    m.row(static_cast<int64_t>(r))[rows[r].first] = rows[r].second;
  }
  return m;
}

// wolf B-PER (2), ##gang B-LOC (3), new B-LOC (2), york I-LOC (2), every other word O (3).
Matrix WolfgangLogits() {
  return Logits({{kO, 3},
                 {kO, 3},
                 {kO, 3},
                 {kO, 3},
                 {kBPer, 2},
                 {kBLoc, 3},
                 {kO, 3},
                 {kO, 3},
                 {kO, 3},
                 {kO, 3},
                 {kBLoc, 2},
                 {kILoc, 2},
                 {kO, 3},
                 {kO, 3}});
}

struct Want {
  std::string label;
  double score;
  std::string word;
  int64_t start, end, index;
};

void ExpectEntities(const std::vector<TokenEntity>& got, const std::vector<Want>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].label, want[i].label) << i;
    EXPECT_NEAR(got[i].score, want[i].score, 1e-6) << i;
    EXPECT_EQ(got[i].word, want[i].word) << i;
    EXPECT_EQ(got[i].start, want[i].start) << i;
    EXPECT_EQ(got[i].end, want[i].end) << i;
    EXPECT_EQ(got[i].index, want[i].index) << i;
  }
}

std::vector<TokenEntity> Tagged(Aggregation aggregation, std::vector<std::string> ignore = {"O"}) {
  auto tok = Toy();
  TokenClassificationOptions options;
  options.aggregation = aggregation;
  options.ignore_labels = std::move(ignore);
  auto windows = EncodeForTagging(*tok, kText, options);
  EXPECT_TRUE(windows.ok()) << windows.status();
  EXPECT_EQ(windows->size(), 1u);
  EXPECT_EQ(windows->front().size(), 14u);
  return DecodeEntities(*tok, *windows, WolfgangLogits(), 0, kText, kLabels, options);
}

TEST(TaskTokenClassificationTest, NoneTagsEveryTokenWithItsIndex) {
  ExpectEntities(Tagged(Aggregation::kNone), {{"B-PER", 0.6487856442839393, "wolf", 11, 15, 4},
                                              {"B-LOC", 0.8339252302011539, "##gang", 15, 19, 5},
                                              {"B-LOC", 0.6487856442839393, "new", 34, 37, 10},
                                              {"I-LOC", 0.6487856442839393, "york", 38, 42, 11}});
}

TEST(TaskTokenClassificationTest, SimpleGroupsTokensByTag) {
  // ##gang starts a LOC group of its own (another tag); "new" B-LOC starts a new group even
  // after a LOC; a group's word is convert_tokens_to_string of its tokens (so "##gang" stays).
  ExpectEntities(Tagged(Aggregation::kSimple), {{"PER", Top(2), "wolf", 11, 15, -1},
                                                {"LOC", Top(3), "##gang", 15, 19, -1},
                                                {"LOC", Top(2), "new york", 34, 42, -1}});
}

TEST(TaskTokenClassificationTest, SimpleStartsAGroupAtEachBEvenAfterTheSameTag) {
  // "new" B-LOC then "york" B-LOC: two adjacent LOC entities, not one "new york".
  auto tok = Toy();
  TokenClassificationOptions options;
  options.aggregation = Aggregation::kSimple;
  auto windows = EncodeForTagging(*tok, kText, options);
  ASSERT_TRUE(windows.ok()) << windows.status();
  Matrix logits = WolfgangLogits();
  for (size_t l = 0; l < kLabels.size(); ++l) logits.row(11)[l] = 0.f;
  logits.row(11)[kBLoc] = 2.f;
  ExpectEntities(DecodeEntities(*tok, *windows, logits, 0, kText, kLabels, options),
                 {{"PER", Top(2), "wolf", 11, 15, -1},
                  {"LOC", Top(3), "##gang", 15, 19, -1},
                  {"LOC", Top(2), "new", 34, 37, -1},
                  {"LOC", Top(2), "york", 38, 42, -1}});
}

TEST(TaskTokenClassificationTest, FirstTakesTheFirstTokensLabel) {
  ExpectEntities(Tagged(Aggregation::kFirst), {{"PER", Top(2), "wolfgang", 11, 19, -1},
                                               {"LOC", Top(2), "new york", 34, 42, -1}});
}

TEST(TaskTokenClassificationTest, MaxTakesTheMostConfidentToken) {
  ExpectEntities(Tagged(Aggregation::kMax), {{"LOC", Top(3), "wolfgang", 11, 19, -1},
                                             {"LOC", Top(2), "new york", 34, 42, -1}});
}

TEST(TaskTokenClassificationTest, AverageAveragesTheWordsScores) {
  // B-LOC (Rest(2) + Top(3)) / 2 = 0.4609 beats B-PER (Top(2) + Rest(3)) / 2 = 0.3452.
  EXPECT_NEAR((Rest(2) + Top(3)) / 2, 0.46086440956508457, 1e-12);
  ExpectEntities(Tagged(Aggregation::kAverage),
                 {{"LOC", 0.46086440956508457, "wolfgang", 11, 19, -1},
                  {"LOC", Top(2), "new york", 34, 42, -1}});
}

TEST(TaskTokenClassificationTest, IgnoreLabelsDropsWholeGroups) {
  ExpectEntities(Tagged(Aggregation::kFirst, {"O", "PER"}),
                 {{"LOC", Top(2), "new york", 34, 42, -1}});
  // Nothing ignored: the O words are groups too (scores averaged over the group's words).
  const auto all = Tagged(Aggregation::kFirst, {});
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].label, "O");
  EXPECT_EQ(all[0].word, "my name is");
  EXPECT_EQ(all[0].start, 0);
  EXPECT_EQ(all[0].end, 10);
  EXPECT_NEAR(all[0].score, Top(3), 1e-6);
  EXPECT_EQ(all[2].word, "and i live in");
  EXPECT_EQ(all[4].word, ".");
}

TEST(TaskTokenClassificationTest, UnknownTokenIsItsOwnWordWithTheOriginalText) {
  auto tok = Toy();
  TokenClassificationOptions options;
  options.aggregation = Aggregation::kNone;
  // [CLS] my name is [UNK] [SEP]: "Zoë" is not in the vocabulary.
  const std::string text = "My name is Zoë";
  auto windows = EncodeForTagging(*tok, text, options);
  ASSERT_TRUE(windows.ok()) << windows.status();
  ASSERT_EQ(windows->front().ids[4], 1);
  const auto got = DecodeEntities(*tok, *windows,
                                  Logits({{kO, 1}, {kO, 1}, {kO, 1}, {kO, 1}, {kBPer, 1}, {kO, 1}}),
                                  0, text, kLabels, options);
  ExpectEntities(got, {{"B-PER", Top(1), "Zoë", 11, 14, 4}});
  EXPECT_EQ(got[0].byte_start, 11);
  EXPECT_EQ(got[0].byte_end, 15);
}

TEST(TaskTokenClassificationTest, TooLongWithoutStrideIsOutOfRange) {
  auto tok = Toy();
  TokenClassificationOptions options;
  options.max_length = 8;
  auto windows = EncodeForTagging(*tok, kText, options);
  EXPECT_EQ(windows.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(windows.status().message(), "14 tokens, expected at most 8 (the model's limit)");
}

TEST(TaskTokenClassificationTest, StrideWithAggregationNoneIsRefused) {
  auto tok = Toy();
  TokenClassificationOptions options;
  options.stride = 2;
  EXPECT_EQ(EncodeForTagging(*tok, kText, options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TaskTokenClassificationTest, StrideWindowsAreTaggedAndMerged) {
  auto tok = Toy();
  TokenClassificationOptions options;
  options.aggregation = Aggregation::kSimple;
  options.max_length = 8;  // [CLS] + 6 tokens + [SEP]
  options.stride = 3;
  auto windows = EncodeForTagging(*tok, kText, options);
  ASSERT_TRUE(windows.ok()) << windows.status();
  // 12 text tokens, windows of 6 starting 3 apart: [0, 6), [3, 9), [6, 12).
  ASSERT_EQ(windows->size(), 3u);
  EXPECT_EQ(tok->IdToToken((*windows)[1].ids[1]), "wolf");
  EXPECT_EQ(tok->IdToToken((*windows)[2].ids[1]), "i");
  // Window 1: my name is wolf ##gang and; window 2: wolf ##gang and i live in; window 3: i live
  // in new york . — "wolf" alone is PER (2) in window 1, "wolf ##gang" PER (3) in window 2;
  // "new york" is LOC in window 3 only.
  std::vector<std::pair<int, float>> rows;
  auto window = [&](const std::vector<std::pair<int, float>>& tokens) {
    rows.push_back({kO, 0});  // [CLS]
    rows.insert(rows.end(), tokens.begin(), tokens.end());
    rows.push_back({kO, 0});  // [SEP]
  };
  window({{kO, 3}, {kO, 3}, {kO, 3}, {kBPer, 2}, {kO, 3}, {kO, 3}});
  window({{kBPer, 3}, {kIPer, 3}, {kO, 3}, {kO, 3}, {kO, 3}, {kO, 3}});
  window({{kO, 3}, {kO, 3}, {kO, 3}, {kBLoc, 2}, {kILoc, 2}, {kO, 3}});
  const Matrix logits = Logits(rows);
  // The longer PER entity (11-19, window 2) wins over window 1's "wolf" (11-15).
  ExpectEntities(
      DecodeEntities(*tok, *windows, logits, 0, kText, kLabels, options),
      {{"PER", Top(3), "wolfgang", 11, 19, -1}, {"LOC", Top(2), "new york", 34, 42, -1}});
}

TEST(TaskTokenClassificationTest, WithoutContinuationPrefixASpaceSeparatesWords) {
  // roberta_cls's byte-level BPE: "Wolfgang" is several pieces; a piece is a subword unless a
  // space is just before it or at its start.
  auto tok = Tokenizer::FromDirectory(testing::FixtureDir("roberta_cls"));
  ASSERT_TRUE(tok.ok()) << tok.status();
  EXPECT_EQ(DecoderOf(**tok), TokenDecoder::kByteLevel);
  EXPECT_FALSE(HasContinuingSubwordPrefix(**tok));
  const std::string text = "Hi Wolfgangxyz Müller";
  TokenClassificationOptions options;
  options.aggregation = Aggregation::kFirst;
  auto windows = EncodeForTagging(**tok, text, options);
  ASSERT_TRUE(windows.ok()) << windows.status();
  const Encoding& enc = windows->front();
  // The first piece of "Wolfgangxyz" is B-PER (2), of "Müller" I-PER (2), the other pieces
  // I-LOC (5, outvoted by the first piece), "Hi" O.
  std::vector<std::pair<int, float>> rows;
  for (size_t t = 0; t < enc.size(); ++t) {
    const int64_t start = enc.offsets[t][0];
    rows.push_back(start == 0    ? std::pair<int, float>{kO, 3}
                   : start == 3  ? std::pair<int, float>{kBPer, 2}
                   : start == 15 ? std::pair<int, float>{kIPer, 2}
                                 : std::pair<int, float>{kILoc, 5});
  }
  ASSERT_GT(enc.size(), 6u);  // <s> Hi ĠWolf... ĠM... </s>: the names are several pieces
  ExpectEntities(DecodeEntities(**tok, *windows, Logits(rows), 0, text, kLabels, options),
                 {{"PER", Top(2), " Wolfgangxyz Müller", 3, 21, -1}});
}

TEST(TaskTokenClassificationTest, TokensToStringPerDecoder) {
  EXPECT_EQ(TokensToString({"new", "york", "##er", ",", "hi", "!"}, TokenDecoder::kWordPiece),
            "new yorker, hi!");
  EXPECT_EQ(TokensToString({"\xC4\xA0New", "\xC4\xA0York"}, TokenDecoder::kByteLevel), " New York");
  EXPECT_EQ(TokensToString({"\xE2\x96\x81New", "\xE2\x96\x81York"}, TokenDecoder::kMetaspace),
            "New York");
  EXPECT_EQ(TokensToString({"a", "b"}, TokenDecoder::kConcatenate), "ab");
}

}  // namespace
}  // namespace octet
