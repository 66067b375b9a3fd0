#pragma once
// An HTTP request and response as the API sees them, free of the server library (civetweb), so
// that the router and the JSON adapters can be tested and fuzzed on their own.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace octet::server::http {

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< decoded path without the query, e.g. "/v1/models/sst2"
  /// Header names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

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
