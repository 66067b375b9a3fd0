#pragma once
// An HTTP request and response as the API sees them, free of the server library (civetweb), so
// that the router and the JSON adapters can be tested and fuzzed on their own.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace octet::server::http {

/// Where an HTTP request came from: the client's address and port and the server's port.
struct HttpPeer {
  std::string address;  ///< the client's IP address as text ("127.0.0.1", "::1")
  int port = 0;         ///< the client's port (0: unknown, never watched)
  int local_port = 0;   ///< the server's listening port the request arrived on
};

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< decoded path without the query, e.g. "/v1/models/sst2"
  /// Header names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  HttpPeer peer;  ///< unset in unit tests and fuzzing: then nothing watches the client

  /// The first header named `lower_name`, or null.
  const std::string* Header(absl::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< JSON unless a Content-Type header says otherwise

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace octet::server::http
