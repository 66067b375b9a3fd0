// Which queued jobs form the next batch (server/batch_policy.h).

#include "server/batch_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace octet::server {
namespace {

using ::testing::ElementsAre;

const int kModelA = 1, kModelB = 2;
const void* const A = &kModelA;
const void* const B = &kModelB;

QueuedJobInfo Job(const void* model, int64_t sequences, int64_t length) {
  return {model, sequences, sequences * length, length};
}

TEST(SelectBatch, EmptyQueueGivesNothing) { EXPECT_TRUE(SelectBatch({}, BatchLimits{}).empty()); }

TEST(SelectBatch, TakesEverythingThatFitsForTheOldestJobsModel) {
  const std::vector<QueuedJobInfo> q = {Job(A, 1, 10), Job(B, 1, 10), Job(A, 2, 10), Job(A, 1, 12)};
  EXPECT_THAT(SelectBatch(q, {1000, 64}), ElementsAre(0, 2, 3));
}

TEST(SelectBatch, OversizedOldestJobRunsAlone) {
  const std::vector<QueuedJobInfo> q = {Job(A, 40, 128), Job(A, 1, 10)};
  EXPECT_THAT(SelectBatch(q, {2048, 64}), ElementsAre(0));
  EXPECT_THAT(SelectBatch({Job(A, 100, 4), Job(A, 1, 4)}, {4096, 64}), ElementsAre(0));
}

TEST(SelectBatch, PrefersSimilarLengthsUnderTheTokenBudget) {
  // Budget 300 tokens: the oldest (100) plus the two closest in length fit (110, 90), the
  // outliers (20, 250) do not get in before them.
  const std::vector<QueuedJobInfo> q = {Job(A, 1, 100), Job(A, 1, 20), Job(A, 1, 250),
                                        Job(A, 1, 110), Job(A, 1, 90)};
  EXPECT_THAT(SelectBatch(q, {300, 64}), ElementsAre(0, 3, 4));
}

TEST(SelectBatch, SkipsAJobThatDoesNotFitButTakesSmallerOnes) {
  const std::vector<QueuedJobInfo> q = {Job(A, 1, 100), Job(A, 1, 101), Job(A, 1, 20)};
  EXPECT_THAT(SelectBatch(q, {130, 64}), ElementsAre(0, 2));
}

TEST(SelectBatch, TokenBudgetIsExact) {
  // Two jobs of 100 tokens fill a budget of 200 exactly; 100 + 101 is one token over.
  EXPECT_THAT(SelectBatch({Job(A, 1, 100), Job(A, 1, 100)}, {200, 64}), ElementsAre(0, 1));
  EXPECT_THAT(SelectBatch({Job(A, 1, 100), Job(A, 1, 101)}, {200, 64}), ElementsAre(0));
}

TEST(SelectBatch, RespectsTheSequenceLimit) {
  const std::vector<QueuedJobInfo> q = {Job(A, 2, 8), Job(A, 2, 8), Job(A, 1, 8), Job(A, 1, 8)};
  EXPECT_THAT(SelectBatch(q, {4096, 4}), ElementsAre(0, 1));
  EXPECT_THAT(SelectBatch(q, {4096, 5}), ElementsAre(0, 1, 2));
}

TEST(SelectBatch, EqualDistancesKeepQueueOrder) {
  const std::vector<QueuedJobInfo> q = {Job(A, 1, 50), Job(A, 1, 60), Job(A, 1, 40), Job(A, 1, 60)};
  EXPECT_THAT(SelectBatch(q, {160, 64}), ElementsAre(0, 1, 2));
}

TEST(BatchIsFull, ByTokensOrSequences) {
  const BatchLimits limits{256, 4};
  EXPECT_FALSE(BatchIsFull(100, 1, 100, limits));
  EXPECT_TRUE(BatchIsFull(200, 1, 100, limits));
  EXPECT_TRUE(BatchIsFull(10, 4, 1, limits));
}

}  // namespace
}  // namespace octet::server
