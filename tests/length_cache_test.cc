// The bounded per-length cache attention keeps its primitives in (core/layers/length_cache.h).

#include "core/layers/length_cache.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet {
namespace {

struct Made {
  int64_t n = 0;
  int serial = 0;  // which call to the factory made it
};

class LengthCacheTest : public ::testing::Test {
 protected:
  // The value for n, counting factory calls.
  std::shared_ptr<const Made> Get(LengthCache<Made>* cache, int64_t n) {
    auto v = cache->Get(n, [&]() -> absl::StatusOr<std::unique_ptr<Made>> {
      auto m = std::make_unique<Made>();
      m->n = n;
      m->serial = ++made_;
      return m;
    });
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? *v : nullptr;
  }
  int made_ = 0;
};

TEST_F(LengthCacheTest, MakesEachLengthOnceWhileItIsKept) {
  LengthCache<Made> cache(3);
  auto a = Get(&cache, 10);
  auto b = Get(&cache, 20);
  EXPECT_EQ(Get(&cache, 10).get(), a.get());
  EXPECT_EQ(Get(&cache, 20).get(), b.get());
  EXPECT_EQ(a->n, 10);
  EXPECT_EQ(b->n, 20);
  EXPECT_EQ(made_, 2);
  EXPECT_EQ(cache.misses(), 2);
  EXPECT_EQ(cache.hits(), 2);
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(LengthCacheTest, EvictsTheLeastRecentlyUsedLengthBeyondTheCapacity) {
  LengthCache<Made> cache(3);
  Get(&cache, 1);
  Get(&cache, 2);
  Get(&cache, 3);
  Get(&cache, 1);  // 2 is now the least recently used
  Get(&cache, 4);  // evicts 2
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(made_, 4);
  EXPECT_EQ(Get(&cache, 1)->serial, 1);
  EXPECT_EQ(Get(&cache, 3)->serial, 3);
  EXPECT_EQ(Get(&cache, 4)->serial, 4);
  EXPECT_EQ(made_, 4);
  EXPECT_EQ(Get(&cache, 2)->serial, 5);  // made again
  EXPECT_EQ(cache.size(), 3u);
}

TEST_F(LengthCacheTest, StaysWithinItsCapacityOverEveryLengthUpTo512) {
  LengthCache<Made> cache(64);
  for (int round = 0; round < 2; ++round) {
    for (int64_t n = 1; n <= 512; ++n) Get(&cache, n);
  }
  EXPECT_EQ(cache.size(), 64u);
  // Cycling through more lengths than it keeps, every lookup has to make its value.
  EXPECT_EQ(made_, 1024);
  // The latest 64 lengths are the ones kept.
  for (int64_t n = 449; n <= 512; ++n) Get(&cache, n);
  EXPECT_EQ(made_, 1024);
}

TEST_F(LengthCacheTest, AnEvictedValueLivesWhileAForwardStillHoldsIt) {
  LengthCache<Made> cache(1);
  std::shared_ptr<const Made> held = Get(&cache, 7);
  std::weak_ptr<const Made> watch = held;
  Get(&cache, 8);  // evicts 7 from the cache
  ASSERT_FALSE(watch.expired());
  EXPECT_EQ(held->n, 7);
  held.reset();
  EXPECT_TRUE(watch.expired());
}

TEST_F(LengthCacheTest, AFailedMakeIsReportedAndNotKept) {
  LengthCache<Made> cache(4);
  auto failed = cache.Get(5, []() -> absl::StatusOr<std::unique_ptr<Made>> {
    return absl::InternalError("creating attention primitives: no kernel for 5 tokens");
  });
  EXPECT_THAT(failed.status(), StatusIs(absl::StatusCode::kInternal,
                                        ::testing::HasSubstr("no kernel for 5 tokens")));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(Get(&cache, 5)->n, 5);
  EXPECT_EQ(made_, 1);
}

TEST_F(LengthCacheTest, ThreadsShareOneValuePerLength) {
  LengthCache<Made> cache(8);
  std::atomic<int> made{0};
  std::vector<std::thread> threads;
  std::vector<const Made*> seen(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        auto v = cache.Get(42, [&]() -> absl::StatusOr<std::unique_ptr<Made>> {
          made.fetch_add(1);
          return std::make_unique<Made>();
        });
        if (v.ok()) seen[t] = v->get();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(made.load(), 1);
  for (const Made* p : seen) EXPECT_EQ(p, seen[0]);
}

}  // namespace
}  // namespace octet
