#include "tests/test_util.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace octet::testing {

std::string TestDataDir() { return OCTET_TEST_DATA_DIR; }

std::string SharedDir() {
  if (const char* env = std::getenv("OCTET_SHARED_DIR")) return env;
  return OCTET_SHARED_DIR;
}

bool HaveSharedDir() {
  struct stat st;
  return stat(SharedDir().c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace octet::testing
