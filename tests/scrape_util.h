#pragma once
// Test helpers for the metrics suite (header-only): a minimal HTTP GET over loopback, a parser
// of the Prometheus text exposition format, and small process / port utilities for running
// promtool and a Prometheus server next to octet-server.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace octet::scrape {

using Labels = std::map<std::string, std::string>;

struct HttpResponse {
  int status = 0;
  std::string body;
};

/// GET http://127.0.0.1:port/target (HTTP/1.0, so the body ends at EOF; 5 s receive timeout).
inline absl::StatusOr<HttpResponse> HttpGet(int port, const std::string& target) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port));
  }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  const std::string request =
      absl::StrCat("GET ", target, " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      return absl::UnavailableError("send failed");
    }
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[8192];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  const size_t header_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || header_end == std::string::npos) {
    return absl::DataLossError(absl::StrCat("not an HTTP response (", raw.size(), " bytes)"));
  }
  HttpResponse out;
  out.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  out.body = raw.substr(header_end + 4);
  return out;
}

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

/// One scrape in the text exposition format: samples and the declared type of each family.
class Scrape {
 public:
  static Scrape Parse(const std::string& text) {
    Scrape s;
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      if (line[0] == '#') {
        std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
        if (words.size() == 4 && words[1] == "TYPE") s.types_[words[2]] = words[3];
        continue;
      }
      Sample m;
      size_t i = line.find_first_of("{ ");
      m.name = std::string(line.substr(0, i));
      if (i < line.size() && line[i] == '{') {
        ++i;
        while (i < line.size() && line[i] != '}') {
          const size_t eq = line.find('=', i);
          std::string key(line.substr(i, eq - i)), value;
          for (i = eq + 2; i < line.size() && line[i] != '"'; ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
              ++i;
              value += line[i] == 'n' ? '\n' : line[i];
            } else {
              value += line[i];
            }
          }
          m.labels[key] = value;
          i += (i + 1 < line.size() && line[i + 1] == ',') ? 2 : 1;
        }
        ++i;
      }
      const std::string rest(line.substr(std::min(i + 1, line.size())));
      m.value = std::strtod(rest.c_str(), nullptr);  // accepts +Inf and NaN
      s.samples_.push_back(std::move(m));
    }
    return s;
  }

  /// Samples named `name` whose labels include every pair of `having`.
  std::vector<const Sample*> Samples(const std::string& name, const Labels& having = {}) const {
    std::vector<const Sample*> out;
    for (const Sample& m : samples_) {
      if (m.name != name) continue;
      bool all = true;
      for (const auto& [k, v] : having) {
        auto it = m.labels.find(k);
        all = all && it != m.labels.end() && it->second == v;
      }
      if (all) out.push_back(&m);
    }
    return out;
  }

  /// The value of the one sample named `name` with exactly `labels`; NaN when there is none.
  double Value(const std::string& name, const Labels& labels) const {
    for (const Sample& m : samples_) {
      if (m.name == name && m.labels == labels) return m.value;
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  std::string Type(const std::string& family) const {
    auto it = types_.find(family);
    return it == types_.end() ? "" : it->second;
  }
  const std::map<std::string, std::string>& types() const { return types_; }

 private:
  std::vector<Sample> samples_;
  std::map<std::string, std::string> types_;
};

/// Every histogram series: buckets cumulative in `le` order and the +Inf bucket equal to
/// _count. Empty when all hold, else what does not.
inline std::string CheckHistograms(const Scrape& s) {
  std::string problems;
  for (const auto& [family, type] : s.types()) {
    if (type != "histogram") continue;
    for (const Sample* count : s.Samples(family + "_count")) {
      double previous = 0, inf = -1;
      std::map<double, double> buckets;
      for (const Sample* b : s.Samples(family + "_bucket", count->labels)) {
        buckets[std::strtod(b->labels.at("le").c_str(), nullptr)] = b->value;
      }
      for (const auto& [le, v] : buckets) {
        if (v < previous) absl::StrAppend(&problems, family, ": bucket le=", le, " decreases; ");
        previous = v;
        if (std::isinf(le)) inf = v;
      }
      if (inf != count->value) {
        absl::StrAppend(&problems, family, ": +Inf bucket ", inf, " != _count ", count->value,
                        "; ");
      }
    }
  }
  return problems;
}

/// Percent-encodes everything but letters, digits and "_.-" (for a URL query value).
inline std::string UrlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

/// The program's path on PATH, or "" when it is not installed.
inline std::string FindProgram(const std::string& name) {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "/usr/bin:/bin", ':')) {
    const std::string candidate = absl::StrCat(dir, "/", name);
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

/// A TCP socket listening on a free loopback port until destroyed.
class LoopbackListener {
 public:
  LoopbackListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        listen(fd_, 1) != 0 || getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
  }
  ~LoopbackListener() {
    if (fd_ >= 0) close(fd_);
  }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

/// A loopback port that was free a moment ago (for a program that takes a fixed port).
inline int FreeLoopbackPort() { return LoopbackListener().port(); }

/// A child process (argv[0] is a path) with stdout and stderr in `log`; killed when destroyed
/// and when the test process dies.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~ChildProcess() { Kill(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return pid_ > 0; }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

/// The last ~2 KB of a file (for failure messages).
inline std::string ReadTail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  return all.size() > 2048 ? all.substr(all.size() - 2048) : all;
}

}  // namespace octet::scrape
