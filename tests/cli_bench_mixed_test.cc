// The mixed-length benchmarks end to end: `octet bench-mixed --lengths` on a fixture model and
// `octet bench --lengths` against a running server count exactly the listed sequences and tokens.
// Speed is not asserted (the figures belong to tests/bench/mixed_length_bench.py).

#include <unistd.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli_runner.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// The lines starting with "RESULT", each as its key=value fields.
std::vector<std::map<std::string, std::string>> ResultLines(const std::string& out) {
  std::vector<std::map<std::string, std::string>> results;
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (!absl::StartsWith(line, "RESULT ")) continue;
    std::map<std::string, std::string> f;
    for (absl::string_view kv : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
      std::vector<std::string> parts = absl::StrSplit(kv, absl::MaxSplits('=', 1));
      if (parts.size() == 2) f[parts[0]] = parts[1];
    }
    results.push_back(f);
  }
  return results;
}

// A lengths file in the test's temporary folder.
std::string WriteLengths(const std::string& name, const std::string& content) {
  const std::string path =
      ::testing::TempDir() + "/octet_lengths_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path) << content;
  return path;
}

// Five texts of 7, 30, 12, 128 and 3 tokens (180 in all); a comment and a blank line between.
constexpr char kLengths[] = "# lengths for the test\n7\n30\n\n12\n 128\n3\n";

TEST(CliBenchMixed, CountsTheListedSequencesAndTokensForEachBatchSize) {
  const std::string lengths = WriteLengths("five", kLengths);
  testing::CliResult r =
      testing::RunOctet("bench-mixed --model " + testing::FixtureDir("bert_cls2") + " --lengths " +
                        lengths + " --batch 1,2,4 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("workload: 5 sequences, 180 tokens, mean 36.0, longest 128"));
  const auto results = ResultLines(r.out);
  ASSERT_THAT(results, SizeIs(3)) << r.out;
  // Padded to the longest of each batch: batch 2 = [7 30] [12 128] [3] -> 60 + 256 + 3;
  // batch 4 = [7 30 12 128] [3] -> 512 + 3.
  const std::vector<std::vector<std::string>> want = {
      {"1", "5", "180"}, {"2", "3", "319"}, {"4", "2", "515"}};
  for (size_t i = 0; i < want.size(); ++i) {
    const auto& f = results[i];
    EXPECT_EQ(f.at("engine"), "octet");
    EXPECT_EQ(f.at("batch"), want[i][0]);
    EXPECT_EQ(f.at("threads"), "1");
    EXPECT_EQ(f.at("sequences"), "5");
    EXPECT_EQ(f.at("tokens"), "180");
    EXPECT_EQ(f.at("batches"), want[i][1]);
    EXPECT_EQ(f.at("padded_tokens"), want[i][2]);
    EXPECT_GT(std::stod(f.at("seq_per_s")), 0);
    EXPECT_GT(std::stod(f.at("tokens_per_s")), 0);
  }
}

TEST(CliBenchMixed, LimitReplaysTheFirstLengthsOnly) {
  const std::string lengths = WriteLengths("limit", kLengths);
  testing::CliResult r =
      testing::RunOctet("bench-mixed --model " + testing::FixtureDir("bert_cls2") + " --lengths " +
                        lengths + " --batch 8 --limit 3 --reps 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto results = ResultLines(r.out);
  ASSERT_THAT(results, SizeIs(1)) << r.out;
  EXPECT_EQ(results[0].at("sequences"), "3");
  EXPECT_EQ(results[0].at("tokens"), "49");
  EXPECT_EQ(results[0].at("padded_tokens"), "90");
  EXPECT_EQ(results[0].at("reps"), "2");
}

TEST(CliBenchMixed, BadListsAreUsageErrorsNamingTheLine) {
  const std::string model = testing::FixtureDir("bert_cls2");
  // The fixture numbers 128 positions.
  testing::CliResult too_long = testing::RunOctet("bench-mixed --model " + model + " --lengths " +
                                                  WriteLengths("long", "12\n129\n"));
  EXPECT_EQ(too_long.exit_code, 2);
  EXPECT_THAT(too_long.err, HasSubstr(":2: expected a token length in [2, 128], got '129'"));
  testing::CliResult word = testing::RunOctet("bench-mixed --model " + model + " --lengths " +
                                              WriteLengths("word", "# x\n\nten\n"));
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_THAT(word.err, HasSubstr(":3: expected a token length"));
  testing::CliResult empty = testing::RunOctet("bench-mixed --model " + model + " --lengths " +
                                               WriteLengths("empty", "# nothing\n"));
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_THAT(empty.err, HasSubstr("no token lengths"));
  testing::CliResult batch = testing::RunOctet("bench-mixed --model " + model + " --lengths " +
                                               WriteLengths("b", "5\n") + " --batch 1,0");
  EXPECT_EQ(batch.exit_code, 2);
  EXPECT_THAT(batch.err, HasSubstr("--batch expects batch sizes"));
}

TEST(CliBenchMixed, ServerBenchSendsTheListedLengthsInOrder) {
  auto server = testing::ServerProcess::Start({testing::ModelFlag("cls", "bert_cls2")},
                                              /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string lengths = WriteLengths("server", kLengths);
  // 12 requests of one text walk the list twice and then 7 and 30 again: 2 x 180 + 37 tokens.
  testing::CliResult r = testing::RunOctet("bench --addr " + (*server)->address() + " --lengths " +
                                           lengths + " --requests 12 --warmup 0 --concurrency 2");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr("tokens per text as listed in " + lengths));
  const auto results = ResultLines(r.out);
  ASSERT_THAT(results, SizeIs(1)) << r.out;
  EXPECT_EQ(results[0].at("ok"), "12");
  EXPECT_EQ(results[0].at("errors"), "0");
  EXPECT_EQ(results[0].at("ok_sequences"), "12");
  EXPECT_EQ(results[0].at("ok_tokens"), "397");
  EXPECT_GE(std::stod(results[0].at("batch_mean")), 1.0);

  // --lengths and --tokens together are a usage error.
  testing::CliResult both = testing::RunOctet("bench --addr " + (*server)->address() +
                                              " --lengths " + lengths + " --tokens 16");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--lengths and --tokens exclude each other"));
}

}  // namespace
}  // namespace octet
