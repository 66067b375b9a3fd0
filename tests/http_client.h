#pragma once
// A small HTTP/1.1 client for the HTTP API suites: one keep-alive connection to 127.0.0.1,
// requests with a Content-Length or a chunked body, responses read by their Content-Length.
// The body is sent while the response is read, so a server that answers before reading the
// whole body (413) is seen rather than deadlocked on.

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace octet::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names in lower case
  std::string body;
  /// The header's value, or "" when absent.
  std::string Header(const std::string& lower_name) const;
};

struct HttpCall {
  std::string method = "GET";
  std::string path = "/";
  std::string body;
  std::map<std::string, std::string> headers;  ///< e.g. {"Content-Type", "application/json"}
  bool chunked = false;                        ///< send the body chunked (no Content-Length)
};

class HttpConnection {
 public:
  explicit HttpConnection(int port) : port_(port) {}
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  /// Sends `call` on the open connection (connecting first when there is none) and reads the
  /// reply. The connection stays open unless the server closes it.
  absl::StatusOr<HttpReply> Send(const HttpCall& call);
  /// Connections opened so far (1 when every request reused the first).
  int connects() const { return connects_; }

 private:
  absl::Status Connect();
  void Close();

  const int port_;
  int fd_ = -1;
  int connects_ = 0;
};

/// The port a server printed on stdout after `label` ("http on port ", "metrics on port "), or 0.
int PrintedPort(const std::string& output, const std::string& label);

/// One request on a fresh connection.
absl::StatusOr<HttpReply> HttpSend(int port, const HttpCall& call);
/// POST `json` with Content-Type application/json.
HttpCall JsonPost(const std::string& path, const std::string& json);

}  // namespace octet::testing
