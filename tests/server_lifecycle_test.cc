// The server's life: health NOT_SERVING until warm, SERVING, then on SIGTERM NOT_SERVING while
// in-flight requests complete OK and new ones get UNAVAILABLE, exit 0; a second signal exits at
// once; a bad model stops start-up with a message naming the file before the port opens.

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using testing::ServerProcess;
using HealthStatus = grpc::health::v1::HealthCheckResponse;

grpc::Status Check(grpc::health::v1::Health::Stub* stub, const std::string& service,
                   HealthStatus::ServingStatus* status) {
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::health::v1::HealthCheckRequest r;
  r.set_service(service);
  HealthStatus resp;
  grpc::Status s = stub->Check(&ctx, r, &resp);
  *status = resp.status();
  return s;
}

grpc::Status Classify(v1::Inference::Stub* stub, const std::string& text) {
  v1::ClassifyRequest r;
  r.add_texts(text);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  v1::ClassifyResponse resp;
  return stub->Classify(&ctx, r, &resp);
}

// The environment the process `pid` was executed with, as NAME=VALUE strings.
std::vector<std::string> ProcessEnvironment(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::vector<std::string> vars;
  for (std::string var; std::getline(in, var, '\0');) vars.push_back(var);
  return vars;
}

// The server bounds libgomp's spinning by re-executing itself (same pid) with GOMP_SPINCOUNT
// set, unless the user chose a value or a wait policy.
TEST(ServerLifecycle, ServerBoundsOpenMpSpinningUnlessTheUserChose) {
  ASSERT_EQ(std::getenv("GOMP_SPINCOUNT"), nullptr) << "run this test without GOMP_SPINCOUNT";
  ASSERT_EQ(std::getenv("OMP_WAIT_POLICY"), nullptr) << "run this test without OMP_WAIT_POLICY";
  {
    auto server =
        ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--self_check=false"},
                             /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    EXPECT_THAT(ProcessEnvironment((*server)->pid()), ::testing::Contains("GOMP_SPINCOUNT=1000"));
    EXPECT_TRUE(Classify(v1::Inference::NewStub((*server)->NewChannel()).get(), "spins").ok());
  }
  for (const char* var : {"GOMP_SPINCOUNT", "OMP_WAIT_POLICY"}) {
    const std::string value = std::string(var) == "GOMP_SPINCOUNT" ? "42" : "passive";
    ASSERT_EQ(setenv(var, value.c_str(), 1), 0);
    auto server =
        ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--self_check=false"},
                             /*wait_serving=*/true, testing::ServerStartLimit());
    unsetenv(var);
    ASSERT_TRUE(server.ok()) << server.status();
    const std::vector<std::string> env = ProcessEnvironment((*server)->pid());
    EXPECT_THAT(env, ::testing::Contains(std::string(var) + "=" + value));
    if (std::string(var) == "OMP_WAIT_POLICY") {
      EXPECT_THAT(env, ::testing::Not(::testing::Contains(HasSubstr("GOMP_SPINCOUNT"))));
    }
  }
}

TEST(ServerLifecycle, HealthIsNotServingUntilWarmThenServing) {
  // Warm-up cannot end until the test has checked what a warming server answers.
  testing::WorkerHold warming(/*held=*/true);
  auto server =
      ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"),
                            warming.FlagNamed("test_warmup_hold_file"), "--self_check=false"},
                           /*wait_serving=*/false, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->NewChannel();
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto inference = v1::Inference::NewStub(channel);
  HealthStatus::ServingStatus status;
  ASSERT_TRUE(Check(health.get(), "", &status).ok());
  EXPECT_EQ(status, HealthStatus::NOT_SERVING);
  ASSERT_TRUE(Check(health.get(), "cls", &status).ok());
  EXPECT_EQ(status, HealthStatus::NOT_SERVING);
  grpc::Status early = Classify(inference.get(), "too early");
  EXPECT_EQ(early.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(early.error_message(), HasSubstr("warming up"));
  EXPECT_THAT((*server)->output(), ::testing::Not(HasSubstr("octet-server: serving")));

  warming.Release();
  ASSERT_TRUE((*server)->WaitForOutput("octet-server: serving", testing::ServerStartLimit()));
  ASSERT_TRUE(Check(health.get(), "", &status).ok());
  EXPECT_EQ(status, HealthStatus::SERVING);
  ASSERT_TRUE(Check(health.get(), "cls", &status).ok());
  EXPECT_EQ(status, HealthStatus::SERVING);
  EXPECT_EQ(Check(health.get(), "no-such-model", &status).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Classify(inference.get(), "now").ok());
}

TEST(ServerLifecycle, SigtermDrainsInFlightRequestsAndExitsZero) {
  constexpr int kDrainSeconds = 20;
  testing::WorkerHold hold(/*held=*/false);
  auto server = ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--max_batch_size=1", hold.Flag(),
       "--self_check=false", "--drain_seconds=" + std::to_string(kDrainSeconds)},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->NewChannel();
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto inference = v1::Inference::NewStub(channel);
  ASSERT_TRUE(Classify(inference.get(), "connect").ok());

  // Three in flight: one computing, two queued behind it, all held until the test has seen the
  // server refuse new work.
  hold.Hold();
  const v1::ModelStats before = testing::Stats(inference.get());
  std::vector<grpc::Status> in_flight(3);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < in_flight.size(); ++i) {
    threads.emplace_back([&, i] { in_flight[i] = Classify(inference.get(), "in flight"); });
  }
  EXPECT_TRUE(testing::WaitAdmitted(inference.get(), before, 3));
  (*server)->Signal(SIGTERM);
  EXPECT_TRUE(testing::WaitHealth(channel, HealthStatus::NOT_SERVING));

  HealthStatus::ServingStatus status;
  ASSERT_TRUE(Check(health.get(), "", &status).ok());
  EXPECT_EQ(status, HealthStatus::NOT_SERVING);
  ASSERT_TRUE(Check(health.get(), "cls", &status).ok());
  EXPECT_EQ(status, HealthStatus::NOT_SERVING);
  grpc::Status refused = Classify(inference.get(), "too late");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(refused.error_message(), HasSubstr("shutting down"));
  EXPECT_EQ(testing::Stats(inference.get()).inflight(), 3);  // none answered while held

  hold.Release();
  for (std::thread& t : threads) t.join();
  for (const grpc::Status& s : in_flight) EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ((*server)->WaitExit(absl::Seconds(kDrainSeconds + 10)), 0);
  // Once the three are answered, not at the end of the drain allowance: the server says it
  // drained (in-flight reached zero within the allowance; else "drain timed out").
  EXPECT_TRUE((*server)->WaitForOutput("octet-server: drained", absl::Seconds(1)));
  EXPECT_EQ((*server)->output().find("drain timed out"), std::string::npos);
}

// In the next two tests the slow request holds the worker until the process has exited: the
// hold is never released, so the request can never be answered OK and an exit that waited for
// it would never come (WaitExit's limit is only a guard against hanging).
constexpr absl::Duration kExitLimit = absl::Seconds(60);

TEST(ServerLifecycle, SecondSignalExitsAtOnce) {
  testing::WorkerHold hold(/*held=*/true);
  auto server = ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", hold.Flag(), "--self_check=false"},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = (*server)->NewChannel();
  auto inference = v1::Inference::NewStub(channel);
  testing::BackgroundClassify slow(inference.get(), "slow");
  ASSERT_TRUE(slow.WaitComputing());
  (*server)->Signal(SIGTERM);
  ASSERT_TRUE(testing::WaitHealth(channel, HealthStatus::NOT_SERVING));
  (*server)->Signal(SIGINT);
  // Without draining the computing request, which is still held.
  EXPECT_EQ((*server)->WaitExit(kExitLimit), 128 + SIGINT);
  EXPECT_TRUE(hold.held());
  EXPECT_FALSE(slow.Join().status.ok());
}

TEST(ServerLifecycle, DrainIsBoundedByDrainSeconds) {
  testing::WorkerHold hold(/*held=*/true);
  auto server = ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2"), "--workers=1",
                                      hold.Flag(), "--self_check=false", "--drain_seconds=0.5"},
                                     /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto inference = v1::Inference::NewStub((*server)->NewChannel());
  testing::BackgroundClassify slow(inference.get(), "slow");
  ASSERT_TRUE(slow.WaitComputing());
  (*server)->Signal(SIGTERM);
  // After the 0.5 s allowance (and the 1 s grace), although the computing request is still held:
  // a drain that waited for it would never end. The request is not answered OK.
  EXPECT_EQ((*server)->WaitExit(kExitLimit), 0);
  EXPECT_TRUE(hold.held());
  EXPECT_FALSE(slow.Join().status.ok());
}

// Runs octet-server to completion; its exit code and everything it printed.
testing::CommandResult RunToExit(const std::string& args) {
  return testing::RunCommand(testing::ServerBinary() +
                             " --host=127.0.0.1 --port=0 --metrics_port=0 " + args + " 2>&1");
}

TEST(ServerLifecycle, BadModelExitsNonZeroNamingTheFileBeforeThePortOpens) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::path(::testing::TempDir()) / ("octet_bad_model_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::copy(testing::FixtureDir("bert_cls2"), dir);
  const fs::path weights = dir / "model.safetensors";
  fs::resize_file(weights, fs::file_size(weights) / 2);  // cut the weights in half
  const testing::CommandResult f =
      RunToExit(testing::ModelFlag("good", "distil_qa") + " --model=broken=" + dir.string());
  EXPECT_EQ(f.exit_code, 1);
  EXPECT_THAT(f.output, HasSubstr("model 'broken'"));
  EXPECT_THAT(f.output, HasSubstr("model.safetensors"));
  EXPECT_THAT(f.output, ::testing::Not(HasSubstr("listening on port")));
  fs::remove_all(dir);
}

TEST(ServerLifecycle, BadFlagsExitWithUsageError) {
  const testing::CommandResult f = RunToExit("--model=x=/nonexistent/dir --workers=-1");
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_THAT(f.output, HasSubstr("--workers: expected at least 1, got -1"));
  const testing::CommandResult none = RunToExit("");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.output, HasSubstr("--model: expected at least one NAME=DIR"));
  const testing::CommandResult help = RunToExit("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("--max_queue"));
  EXPECT_THAT(help.output, HasSubstr("--drain_seconds"));
}

}  // namespace
}  // namespace octet
