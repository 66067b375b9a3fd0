#pragma once
// Helpers shared by the tests: where fixtures live, running a shell command, status matchers.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/tokenizer/tokenizer.h"
#include "gmock/gmock.h"
#include "nlohmann/json.hpp"

namespace octet::testing {

/// tests/data in the source tree.
std::string TestDataDir();
/// The source tree's root (the bundled models are under deploy/models, the demo tools under
/// tools/demo).
std::string RepoDir();
/// Reads a whole file; aborts the test binary on failure (test-only helper).
std::string ReadFileOrDie(const std::string& path);
/// The records of a JSON-lines file under tests/data/tokenizer_vectors (blank lines skipped);
/// a missing file fails the calling test.
std::vector<nlohmann::json> TokenizerVectors(const std::string& file);
/// Encodes a vector record ({"text", "text_pair"?, "add_special_tokens"}) with `tokenizer` and
/// expects its "ids", "tokens", "type_ids" and "offsets"; `trace` names the record in failures.
/// False when the encoding failed.
bool ExpectRecordEncoding(const Tokenizer& tokenizer, const nlohmann::json& record,
                          const std::string& trace);

struct CommandResult {
  int exit_code = -1;  ///< the shell's exit code (127: no such program); -1 if killed or no shell
  std::string output;  ///< its stdout (add 2>&1 to the command for stderr too)
};
/// Runs a shell command to completion.
CommandResult RunCommand(const std::string& command);

}  // namespace octet::testing

/// EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("...")))
MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& s = arg;
  if (s.code() != code) {
    *result_listener << "code is " << absl::StatusCodeToString(s.code()) << ": " << s.message();
    return false;
  }
  return ::testing::ExplainMatchResult(message_matcher, std::string(s.message()), result_listener);
}

/// ASSERT_OK(status_expression): fails the test with the status's message.
#define ASSERT_OK(expr)                                             \
  do {                                                              \
    const ::absl::Status octet_assert_status_ = (expr);             \
    ASSERT_TRUE(octet_assert_status_.ok()) << octet_assert_status_; \
  } while (false)
