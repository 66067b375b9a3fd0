#include "tests/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace octet::testing {
namespace {

std::string Encode(const HttpCall& call) {
  std::string out = absl::StrCat(call.method, " ", call.path, " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& [name, value] : call.headers) absl::StrAppend(&out, name, ": ", value, "\r\n");
  if (call.chunked) {
    absl::StrAppend(&out, "Transfer-Encoding: chunked\r\n\r\n");
    constexpr size_t kChunk = 65536;
    for (size_t at = 0; at < call.body.size(); at += kChunk) {
      const std::string piece = call.body.substr(at, kChunk);
      absl::StrAppend(&out, absl::StrFormat("%x\r\n", piece.size()), piece, "\r\n");
    }
    absl::StrAppend(&out, "0\r\n\r\n");
  } else {
    if (call.method != "GET" || !call.body.empty()) {
      absl::StrAppend(&out, "Content-Length: ", call.body.size(), "\r\n");
    }
    absl::StrAppend(&out, "\r\n", call.body);
  }
  return out;
}

// Parses a complete reply at the front of `raw`; false while more bytes are needed.
bool ParseReply(const std::string& raw, HttpReply* reply, size_t* used) {
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::vector<std::string> lines = absl::StrSplit(raw.substr(0, end), "\r\n");
  reply->status = std::atoi(lines[0].c_str() + lines[0].find(' ') + 1);
  reply->headers.clear();
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    reply->headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  size_t length = 0;
  if (auto it = reply->headers.find("content-length"); it != reply->headers.end()) {
    if (!absl::SimpleAtoi(it->second, &length)) return false;
  }
  if (raw.size() < end + 4 + length) return false;
  reply->body = raw.substr(end + 4, length);
  *used = end + 4 + length;
  return true;
}

}  // namespace

std::string HttpReply::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpConnection::~HttpConnection() { Close(); }

void HttpConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

absl::Status HttpConnection::Connect() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return absl::InternalError("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    Close();
    return absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port_));
  }
  ++connects_;
  return absl::OkStatus();
}

absl::StatusOr<HttpReply> HttpConnection::Send(const HttpCall& call) {
  if (fd_ < 0) {
    if (absl::Status s = Connect(); !s.ok()) return s;
  }
  const std::string out = Encode(call);
  size_t sent = 0;
  std::string raw;
  HttpReply reply;
  size_t used = 0;
  // Writes while the server reads, and reads whenever it answers (possibly before the end).
  for (;;) {
    pollfd p{fd_, static_cast<short>(POLLIN | (sent < out.size() ? POLLOUT : 0)), 0};
    if (poll(&p, 1, 60000) <= 0) {
      Close();
      return absl::DeadlineExceededError("no reply within 60 s");
    }
    if (p.revents & POLLIN) {
      char buf[65536];
      const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) {
        Close();
        if (ParseReply(raw, &reply, &used)) return reply;
        return absl::UnavailableError(
            absl::StrCat("connection closed after ", raw.size(), " reply bytes"));
      }
      raw.append(buf, static_cast<size_t>(n));
      if (ParseReply(raw, &reply, &used)) {
        if (absl::AsciiStrToLower(reply.Header("connection")) == "close" || sent < out.size()) {
          Close();
        }
        return reply;
      }
    } else if (p.revents & POLLOUT) {
      const ssize_t n = send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        sent = out.size();  // the server stopped reading: wait for its answer
      } else {
        sent += static_cast<size_t>(n);
      }
    } else {
      Close();
      if (ParseReply(raw, &reply, &used)) return reply;
      return absl::UnavailableError("connection error");
    }
  }
}

int PrintedPort(const std::string& output, const std::string& label) {
  const size_t at = output.find(label);
  return at == std::string::npos ? 0 : std::atoi(output.c_str() + at + label.size());
}

absl::StatusOr<HttpReply> HttpSend(int port, const HttpCall& call) {
  HttpConnection c(port);
  return c.Send(call);
}

HttpCall JsonPost(const std::string& path, const std::string& json) {
  HttpCall c;
  c.method = "POST";
  c.path = path;
  c.body = json;
  c.headers["Content-Type"] = "application/json";
  return c;
}

}  // namespace octet::testing
