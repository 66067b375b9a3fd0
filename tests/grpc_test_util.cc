#include "tests/grpc_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "gtest/gtest.h"

namespace octet::testing {

Timed ClassifyOnce(v1::Inference::Stub* stub, const std::string& text, absl::Duration timeout,
                   const std::string& model) {
  v1::ClassifyRequest request;
  request.set_model(model);
  request.add_texts(text);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  v1::ClassifyResponse response;
  const absl::Time begin = absl::Now();
  Timed out;
  out.status = stub->Classify(&context, request, &response);
  out.latency = absl::Now() - begin;
  return out;
}

v1::ModelStats Stats(v1::Inference::Stub* stub, const std::string& model) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  v1::GetModelRequest request;
  request.set_name(model);
  v1::GetModelResponse response;
  const grpc::Status status = stub->GetModel(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.model().stats();
}

bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time end = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() >= end) return condition();
    absl::SleepFor(absl::Milliseconds(10));
  }
  return true;
}

bool WaitAdmitted(v1::Inference::Stub* stub, const v1::ModelStats& before, int64_t n,
                  absl::Duration timeout) {
  return WaitUntil(
      [&] { return Stats(stub).requests_admitted() - before.requests_admitted() == n; }, timeout);
}

AsyncClassify::AsyncClassify(v1::Inference::Stub* stub, const std::string& text,
                             absl::Duration timeout) {
  request.add_texts(text);
  if (timeout != absl::InfiniteDuration()) {
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  }
  stub->async()->Classify(&context, &request, &response, [this](grpc::Status s) {
    status = std::move(s);
    done.Notify();
  });
}

BackgroundClassify::BackgroundClassify(v1::Inference::Stub* stub, std::string text,
                                       absl::Duration timeout)
    : stub_(stub), before_(Stats(stub)) {
  thread_ = std::thread(
      [this, text = std::move(text), timeout] { result_ = ClassifyOnce(stub_, text, timeout); });
}

BackgroundClassify::~BackgroundClassify() {
  if (thread_.joinable()) thread_.join();
}

bool BackgroundClassify::WaitComputing(absl::Duration timeout) {
  return WaitUntil(
      [&] {
        const v1::ModelStats s = Stats(stub_);
        return s.requests_admitted() - before_.requests_admitted() == 1 && s.inflight() == 1 &&
               s.queued() == 0;
      },
      timeout);
}

const Timed& BackgroundClassify::Join() {
  if (thread_.joinable()) thread_.join();
  return result_;
}

grpc::health::v1::HealthCheckResponse::ServingStatus HealthOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, request, &response).ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

bool WaitHealth(const std::shared_ptr<grpc::Channel>& channel,
                grpc::health::v1::HealthCheckResponse::ServingStatus status,
                absl::Duration timeout) {
  return WaitUntil([&] { return HealthOf(channel) == status; }, timeout);
}

namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

}  // namespace

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool LoopbackPortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr = Loopback(port);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return connected;
}

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr = Loopback(port);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buf[8192];
      for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) response.append(buf, n);
    }
  }
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

double MetricSum(const std::string& exposition, const std::string& name,
                 const std::vector<std::string>& labels) {
  double sum = 0;
  size_t begin = 0;
  while (begin < exposition.size()) {
    size_t end = exposition.find('\n', begin);
    if (end == std::string::npos) end = exposition.size();
    const std::string line = exposition.substr(begin, end - begin);
    begin = end + 1;
    if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) continue;
    const size_t close = line.rfind('}');
    const std::string label_set = close == std::string::npos ? "" : line.substr(0, close);
    bool all = true;
    for (const std::string& l : labels) all = all && label_set.find(l) != std::string::npos;
    if (all) sum += std::strtod(line.substr(line.rfind(' ') + 1).c_str(), nullptr);
  }
  return sum;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::string ClientBinary() { return std::string(OCTET_BINARY_DIR) + "/client/octet"; }

}  // namespace octet::testing
