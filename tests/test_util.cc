#include "tests/test_util.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace octet::testing {

std::string TestDataDir() { return OCTET_TEST_DATA_DIR; }

std::string RepoDir() { return TestDataDir() + "/../.."; }

std::vector<nlohmann::json> TokenizerVectors(const std::string& file) {
  std::vector<nlohmann::json> records;
  std::ifstream in(TestDataDir() + "/tokenizer_vectors/" + file);
  EXPECT_TRUE(in.good()) << "cannot read tests/data/tokenizer_vectors/" << file;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    records.push_back(nlohmann::json::parse(line));
  }
  return records;
}

bool ExpectRecordEncoding(const Tokenizer& tokenizer, const nlohmann::json& record,
                          const std::string& trace) {
  EncodeOptions options;
  options.add_special_tokens = record.at("add_special_tokens").get<bool>();
  const std::string text = record.at("text");
  auto enc = record.contains("text_pair")
                 ? tokenizer.EncodePair(text, record.at("text_pair").get<std::string>(), options)
                 : tokenizer.Encode(text, options);
  EXPECT_TRUE(enc.ok()) << trace << ": " << enc.status();
  if (!enc.ok()) return false;
  SCOPED_TRACE(trace + ": " + record.dump().substr(0, 400));
  EXPECT_EQ(enc->ids, record.at("ids").get<std::vector<int32_t>>());
  EXPECT_EQ(enc->tokens, record.at("tokens").get<std::vector<std::string>>());
  EXPECT_EQ(enc->type_ids, record.at("type_ids").get<std::vector<int32_t>>());
  EXPECT_EQ(enc->offsets, (record.at("offsets").get<std::vector<std::array<int64_t, 2>>>()));
  return true;
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

CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace octet::testing
