// Broken model folders stop the start: the server exits non-zero (it does not hang: it is given
// as long as a good start is given, testing::ServerStartLimit()), its error names the file and the
// reason, and neither its gRPC port nor its metrics port ever accepts a connection (models load
// before anything listens).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"

extern char** environ;

namespace octet {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Outcome {
  int exit_code = -1;  // -1: still running after testing::ServerStartLimit() (then killed)
  absl::Duration took;
  std::string output;  // stdout and stderr
  bool port_accepted = false;
};

// Runs octet-server on fixed free ports, watching both ports until it exits (killed after
// testing::ServerStartLimit()).
Outcome RunServer(const std::string& model_dir) {
  const int port = testing::FreeLoopbackPort(), metrics_port = testing::FreeLoopbackPort();
  std::vector<std::string> args = {testing::ServerBinary(),
                                   "--host=127.0.0.1",
                                   "--port=" + std::to_string(port),
                                   "--metrics_port=" + std::to_string(metrics_port),
                                   "--self_check=false",
                                   "--model=bad=" + model_dir};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  Outcome o;
  if (pipe(out) != 0) return o;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  pid_t pid = -1;
  const absl::Time begin = absl::Now();
  const int spawned = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return o;
  }
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  char buf[4096];
  while (absl::Now() - begin < testing::ServerStartLimit()) {
    if (testing::LoopbackPortAccepts(port) || testing::LoopbackPortAccepts(metrics_port)) {
      o.port_accepted = true;
    }
    for (ssize_t n; (n = read(out[0], buf, sizeof(buf))) > 0;) o.output.append(buf, n);
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  o.took = absl::Now() - begin;
  if (o.exit_code == -1) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  fcntl(out[0], F_SETFL, 0);
  for (ssize_t n; (n = read(out[0], buf, sizeof(buf))) > 0;) o.output.append(buf, n);
  close(out[0]);
  return o;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Rewrites a safetensors file with the shape of its first non-square matrix reversed: the
// byte sizes still add up, only the shape is wrong.
void ReverseAMatrixShape(const fs::path& p) {
  const std::string file = ReadFile(p);
  uint64_t n = 0;
  std::memcpy(&n, file.data(), 8);  // little-endian, as on the test machines
  nlohmann::json header = nlohmann::json::parse(file.substr(8, n));
  for (auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    auto& shape = info["shape"];
    if (shape.size() == 2 && shape[0] != shape[1]) {
      std::swap(shape[0], shape[1]);
      break;
    }
  }
  const std::string text = header.dump();
  const uint64_t len = text.size();
  std::string bytes(reinterpret_cast<const char*>(&len), 8);
  WriteFile(p, bytes + text + file.substr(8 + n));
}

struct Fault {
  const char* name;
  const char* fixture;
  std::function<void(const fs::path&)> damage;
  std::vector<std::string> names;  // the file and the reason
};

TEST(ServerStartupFaults, BrokenModelFilesStopTheStartNamingFileAndReason) {
  const bool root = geteuid() == 0;
  if (root) {
    std::printf(
        "running as root: chmod 000 does not stop reads, so the unreadable file is a "
        "directory in its place\n");
  }
  const std::vector<Fault> faults = {
      {"truncated weights",
       "bert_cls2",
       [](const fs::path& d) {
         fs::resize_file(d / "model.safetensors", fs::file_size(d / "model.safetensors") / 2);
       },
       {"model.safetensors", "truncated"}},
      {"zero-byte weights",
       "bert_cls2",
       [](const fs::path& d) { fs::resize_file(d / "model.safetensors", 0); },
       {"model.safetensors", "the file is empty"}},
      {"wrong magic",
       "bert_cls2",
       [](const fs::path& d) {
         std::string bytes = ReadFile(d / "model.safetensors");
         std::memcpy(bytes.data(), "GARBAGE!", 8);
         WriteFile(d / "model.safetensors", bytes);
       },
       {"model.safetensors", "not a safetensors file"}},
      {"shape mismatch",
       "bert_cls2",
       [](const fs::path& d) { ReverseAMatrixShape(d / "model.safetensors"); },
       {"model.safetensors", "shape [", "expected ["}},
      {"missing config",
       "bert_cls2",
       [](const fs::path& d) { fs::remove(d / "config.json"); },
       {"config.json", "No such file"}},
      {"missing vocabulary",
       "bert_cls3_gelu_new",
       [](const fs::path& d) { fs::remove(d / "vocab.txt"); },
       {"vocab.txt", "no tokenizer.json"}},
      {"vocabulary without [UNK]",
       "bert_cls3_gelu_new",
       [](const fs::path& d) {
         std::stringstream in(ReadFile(d / "vocab.txt"));
         std::string kept, line;
         while (std::getline(in, line)) {
           if (line != "[UNK]") kept += line + "\n";
         }
         WriteFile(d / "vocab.txt", kept);
       },
       {"vocab.txt", "no unk token \"[UNK]\""}},
      {"unreadable config",
       "bert_cls2",
       [root](const fs::path& d) {
         if (root) {
           fs::remove(d / "config.json");
           fs::create_directory(d / "config.json");
         } else {
           fs::permissions(d / "config.json", fs::perms::none);
         }
       },
       {"config.json", root ? "Is a directory" : "Permission denied"}},
  };
  for (const Fault& f : faults) {
    SCOPED_TRACE(f.name);
    const fs::path dir =
        fs::path(::testing::TempDir()) / ("octet_startup_fault_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::copy(testing::FixtureDir(f.fixture), dir);
    f.damage(dir);
    const Outcome o = RunServer(dir.string());
    std::printf("%-26s exit %d after %.0f ms\n", f.name, o.exit_code,
                absl::ToDoubleMilliseconds(o.took));
    EXPECT_EQ(o.exit_code, 1) << o.output;  // -1: hung
    EXPECT_FALSE(o.port_accepted);
    EXPECT_THAT(o.output, HasSubstr("octet-server: error: model 'bad': "));
    for (const std::string& n : f.names) EXPECT_THAT(o.output, HasSubstr(n));
    EXPECT_THAT(o.output, ::testing::Not(HasSubstr("listening on port")));
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    if (fs::exists(dir / "config.json")) {
      fs::permissions(dir / "config.json", fs::perms::owner_all, fs::perm_options::add);
    }
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace octet
