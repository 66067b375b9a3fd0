// The production octet-server has no test-only flags; octet-server-testing (which the service
// tests run) has them and checks their values. Both fail on the flags before loading a model,
// so no fixture is needed.

#include <string>

#include "absl/status/status.h"
#include "client/rpc_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/prometheus_metrics.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kTestFlags[] = {"--test_worker_delay_ms=1", "--test_warmup_delay_ms=1",
                                      "--test_leak_bytes_per_request=1",
                                      "--test_worker_hold_file=x", "--test_warmup_hold_file=x"};

TEST(ProductionBinary, RejectsEveryTestOnlyFlag) {
  for (const char* flag : kTestFlags) {
    const testing::CommandResult r = testing::RunCommand(testing::ProductionServerBinary() + " " +
                                                         flag + " --model=m=/nonexistent 2>&1");
    EXPECT_EQ(r.exit_code, 1) << flag << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr("Unknown command line flag")) << flag;
  }
}

TEST(ProductionBinary, HelpListsNoTestOnlyFlag) {
  const testing::CommandResult r =
      testing::RunCommand(testing::ProductionServerBinary() + " --help 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--max_queue"));
  EXPECT_THAT(r.output, Not(HasSubstr("--test_")));
}

TEST(TestingBinary, RejectsANegativeTestFlagNamingIt) {
  for (const char* flag :
       {"--test_worker_delay_ms", "--test_warmup_delay_ms", "--test_leak_bytes_per_request"}) {
    const testing::CommandResult r = testing::RunCommand(testing::ServerBinary() + " " + flag +
                                                         "=-1 --model=m=/nonexistent 2>&1");
    EXPECT_EQ(r.exit_code, 2) << flag << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr(std::string(flag) + ": expected >= 0, got -1")) << flag;
  }
}

TEST(TestingBinary, AcceptsTheTestFlagsAndStopsAtTheModel) {
  // The flags parse; the start then fails on the missing model folder (exit 1), as octet-server
  // does without them.
  std::string command = testing::ServerBinary();
  for (const char* flag : kTestFlags) command += std::string(" ") + flag;
  const testing::CommandResult r =
      testing::RunCommand(command + " --self_check=false --model=m=/nonexistent 2>&1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("Unknown command line flag")));
  EXPECT_THAT(r.output, HasSubstr("/nonexistent"));
}

// The code names of the `code` metric label and of the CLI's error lines.
TEST(CodeNames, AreGrpcsNamesWithAFallbackForUnknownNumbers) {
  EXPECT_EQ(server::GrpcCodeName(absl::StatusCode::kOk), "OK");
  EXPECT_EQ(server::GrpcCodeName(absl::StatusCode::kInvalidArgument), "INVALID_ARGUMENT");
  EXPECT_EQ(server::GrpcCodeName(absl::StatusCode::kResourceExhausted), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(server::GrpcCodeName(absl::StatusCode::kUnauthenticated), "UNAUTHENTICATED");
  EXPECT_EQ(server::GrpcCodeName(static_cast<absl::StatusCode>(99)), "UNKNOWN");
  EXPECT_EQ(cli::CodeName(grpc::StatusCode::DEADLINE_EXCEEDED), "DEADLINE_EXCEEDED");
  EXPECT_EQ(cli::CodeName(grpc::StatusCode::UNAVAILABLE), "UNAVAILABLE");
  // 20: not a gRPC code, yet inside the enum's value range (-32..31), so the cast is defined.
  EXPECT_EQ(cli::CodeName(static_cast<grpc::StatusCode>(20)), "CODE_20");
}

}  // namespace
}  // namespace octet
