// Server configuration: --model specs, limits, the CPU budget and warm-up shapes.

#include "server/server_config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/cpu_budget.h"
#include "server/warmup.h"
#include "tests/test_util.h"

namespace octet::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseModelSpec, NameEqualsDir) {
  auto m = ParseModelSpec("sst2=models/sst-2=x");
  ASSERT_OK(m.status());
  EXPECT_EQ(m->name, "sst2");
  EXPECT_EQ(m->dir, "models/sst-2=x");
  EXPECT_THAT(ParseModelSpec("models/sst2").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NAME=DIR")));
  EXPECT_THAT(ParseModelSpec("a b=dir").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[A-Za-z0-9._-]")));
  EXPECT_THAT(ParseModelSpec("=dir").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("NAME")));
  EXPECT_THAT(ParseModelSpec("a=").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("directory")));
}

TEST(ServerConfig, ValidateNamesTheFlag) {
  ServerConfig c;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--model")));
  c.models = {{"a", "x"}, {"a", "y"}};
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
  c.models = {{"a", "x"}};
  ASSERT_OK(c.Validate());
  c.max_queue = 0;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("--max_queue: expected at least 1, got 0")));
  c.max_queue = 1;
  c.port = 70000;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--port")));
}

TEST(CpuBudget, ParsesCgroupV2CpuMax) {
  EXPECT_FALSE(ParseCpuMax("max 100000\n").has_value());
  EXPECT_DOUBLE_EQ(ParseCpuMax("150000 100000\n").value(), 1.5);
  EXPECT_FALSE(ParseCpuMax("garbage").has_value());
}

TEST(CpuBudget, UsableAndWarnings) {
  CpuBudget b{8, 4, 0};
  EXPECT_EQ(b.Usable(), 4);
  EXPECT_FALSE(LayoutWarning(b, 2, 2).has_value());
  EXPECT_THAT(LayoutWarning(b, 2, 4).value_or(""), HasSubstr("only 4 CPUs"));
  b.quota = 1.5;
  EXPECT_EQ(b.Usable(), 1);
  EXPECT_THAT(LayoutWarning(b, 1, 2).value_or(""), HasSubstr("CPU quota is 1.50"));
  int workers = 0, threads = 0;
  DefaultLayout(2, &workers, &threads);
  EXPECT_EQ(workers * threads, 2);
}

TEST(Warmup, RowCountsCoverEveryBucketUpToTheBudget) {
  EXPECT_THAT(WarmupRowCounts(40), ElementsAre(16, 32, 40));
  const auto rows = WarmupRowCounts(2048);
  EXPECT_EQ(rows.front(), 16);
  EXPECT_EQ(rows.back(), 2048);
  EXPECT_EQ(rows.size(), 16u + 14u);  // 16..256 by 16, then 384..2048 by 128
}

}  // namespace
}  // namespace octet::server
