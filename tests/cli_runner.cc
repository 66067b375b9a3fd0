#include "tests/cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace octet::testing {

CliResult RunOctet(const std::string& args, const std::string& input) {
  // Unique per process: ctest runs test cases in parallel.
  const std::string base = ::testing::TempDir() + "/octet_cli_" + std::to_string(getpid());
  const std::string in = base + "_in.txt", err = base + "_err.txt";
  std::ofstream(in) << input;
  const std::string cmd =
      std::string(OCTET_BINARY_DIR) + "/client/octet " + args + " <" + in + " 2>" + err;
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFileOrDie(err);
  std::remove(in.c_str());
  std::remove(err.c_str());
  return r;
}

}  // namespace octet::testing
