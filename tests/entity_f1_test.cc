// Entity-level precision / recall / F1 (core/tasks/entity_f1.h) on hand-made gold and predicted
// entity lists, against counts and scores worked out by hand.

#include "core/tasks/entity_f1.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using Spans = std::vector<EntitySpan>;

void ExpectCounts(const EntityCounts& c, int64_t tp, int64_t predicted, int64_t gold) {
  EXPECT_EQ(c.true_positives, tp);
  EXPECT_EQ(c.predicted, predicted);
  EXPECT_EQ(c.gold, gold);
}

TEST(EntityF1Test, EveryEntityFoundScoresOne) {
  EntityScores s;
  AddTextEntities({{"PER", 0, 5}, {"LOC", 10, 16}}, {{"LOC", 10, 16}, {"PER", 0, 5}}, &s);
  ExpectCounts(s.micro, 2, 2, 2);
  EXPECT_EQ(s.micro.precision(), 1.0);
  EXPECT_EQ(s.micro.recall(), 1.0);
  EXPECT_EQ(s.micro.f1(), 1.0);
  EXPECT_THAT(s.per_type,
              ::testing::ElementsAre(Pair("LOC", ::testing::_), Pair("PER", ::testing::_)));
}

// "Ines Roth" gold, "Ines" predicted: a wrong boundary is a false positive and a false negative.
TEST(EntityF1Test, WrongBoundaryCountsTwice) {
  EntityScores s;
  AddTextEntities({{"PER", 0, 9}}, {{"PER", 0, 4}}, &s);
  ExpectCounts(s.micro, 0, 1, 1);
  EXPECT_EQ(s.micro.precision(), 0.0);
  EXPECT_EQ(s.micro.recall(), 0.0);
  EXPECT_EQ(s.micro.f1(), 0.0);
}

// The right span with the wrong type: a miss for the gold type, a false alarm for the other.
TEST(EntityF1Test, WrongTypeIsAMissAndAFalseAlarm) {
  EntityScores s;
  AddTextEntities({{"ORG", 3, 9}}, {{"LOC", 3, 9}}, &s);
  ExpectCounts(s.micro, 0, 1, 1);
  ExpectCounts(s.per_type.at("ORG"), 0, 0, 1);
  ExpectCounts(s.per_type.at("LOC"), 0, 1, 0);
}

// Two texts. Text 1: gold PER [0,5) LOC [9,15) ORG [20,30); predicted PER [0,5) LOC [9,15)
// MISC [31,35) → 2 right, 1 false alarm, 1 miss. Text 2: gold PER [0,4); predicted PER [0,8)
// ORG [12,15) → 0 right, 2 false alarms, 1 miss.
// Micro: 2 right of 5 predicted and 4 gold: P = 2/5, R = 2/4, F1 = 2·0.4·0.5 / 0.9 = 4/9.
// PER: 1 of 2 and 2 → P = R = F1 = 1/2. LOC: 1 of 1 and 1 → 1. ORG: 0 of 1 and 1 → 0.
// MISC: 0 of 1 predicted, no gold → P = 0, R = 0 (nothing to recall), F1 = 0.
TEST(EntityF1Test, MicroAndPerTypeOverTwoTexts) {
  const std::vector<Spans> gold = {{{"PER", 0, 5}, {"LOC", 9, 15}, {"ORG", 20, 30}},
                                   {{"PER", 0, 4}}};
  const std::vector<Spans> predicted = {{{"PER", 0, 5}, {"LOC", 9, 15}, {"MISC", 31, 35}},
                                        {{"PER", 0, 8}, {"ORG", 12, 15}}};
  auto s = ScoreEntities(gold, predicted);
  ASSERT_TRUE(s.ok()) << s.status();
  ExpectCounts(s->micro, 2, 5, 4);
  EXPECT_DOUBLE_EQ(s->micro.precision(), 0.4);
  EXPECT_DOUBLE_EQ(s->micro.recall(), 0.5);
  EXPECT_DOUBLE_EQ(s->micro.f1(), 4.0 / 9.0);
  ASSERT_EQ(s->per_type.size(), 4u);
  ExpectCounts(s->per_type.at("PER"), 1, 2, 2);
  EXPECT_DOUBLE_EQ(s->per_type.at("PER").f1(), 0.5);
  ExpectCounts(s->per_type.at("LOC"), 1, 1, 1);
  EXPECT_DOUBLE_EQ(s->per_type.at("LOC").f1(), 1.0);
  ExpectCounts(s->per_type.at("ORG"), 0, 1, 1);
  EXPECT_EQ(s->per_type.at("ORG").f1(), 0.0);
  ExpectCounts(s->per_type.at("MISC"), 0, 1, 0);
  EXPECT_EQ(s->per_type.at("MISC").precision(), 0.0);
  EXPECT_EQ(s->per_type.at("MISC").recall(), 0.0);
  EXPECT_EQ(s->per_type.at("MISC").f1(), 0.0);
}

// Three right of 3 predicted and 4 gold: P = 1, R = 3/4, F1 = 2·0.75 / 1.75 = 6/7.
TEST(EntityF1Test, MissedEntityLowersRecallOnly) {
  auto s = ScoreEntities({{{"PER", 0, 4}, {"PER", 9, 14}}, {{"LOC", 0, 6}, {"MISC", 11, 18}}},
                         {{{"PER", 0, 4}, {"PER", 9, 14}}, {{"LOC", 0, 6}}});
  ASSERT_TRUE(s.ok()) << s.status();
  ExpectCounts(s->micro, 3, 3, 4);
  EXPECT_DOUBLE_EQ(s->micro.precision(), 1.0);
  EXPECT_DOUBLE_EQ(s->micro.recall(), 0.75);
  EXPECT_DOUBLE_EQ(s->micro.f1(), 6.0 / 7.0);
}

// Adjacent entities of one type ("Oslo Bergen" as two LOCs) are not one entity, and one merged
// prediction matches neither.
TEST(EntityF1Test, AdjacentEntitiesAreSeparate) {
  EntityScores s;
  AddTextEntities({{"LOC", 0, 4}, {"LOC", 5, 11}}, {{"LOC", 0, 11}}, &s);
  ExpectCounts(s.micro, 0, 1, 2);
}

TEST(EntityF1Test, ListsAreSetsAndEmptyScoresZero) {
  EntityScores s;
  AddTextEntities({{"PER", 0, 4}, {"PER", 0, 4}}, {{"PER", 0, 4}, {"PER", 0, 4}}, &s);
  ExpectCounts(s.micro, 1, 1, 1);
  EntityScores empty;
  AddTextEntities({}, {}, &empty);
  ExpectCounts(empty.micro, 0, 0, 0);
  EXPECT_EQ(empty.micro.precision(), 0.0);
  EXPECT_EQ(empty.micro.recall(), 0.0);
  EXPECT_EQ(empty.micro.f1(), 0.0);
  EXPECT_TRUE(empty.per_type.empty());
}

TEST(EntityF1Test, MismatchedListsAreRefused) {
  EXPECT_THAT(ScoreEntities({{}, {}}, {{}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("predicted entities for 1 texts, expected 2")));
}

TEST(EntityF1Test, EntityTypeOfATag) {
  EXPECT_EQ(EntityType("B-PER"), "PER");
  EXPECT_EQ(EntityType("I-MISC"), "MISC");
  EXPECT_EQ(EntityType("PER"), "PER");
  EXPECT_EQ(EntityType("O"), "O");
  EXPECT_EQ(EntityType("B-"), "B-");  // no type after the prefix: left as it is
  EXPECT_EQ(EntityType("E-LOC"), "E-LOC");
}

}  // namespace
}  // namespace octet
