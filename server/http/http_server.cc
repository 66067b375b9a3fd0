#include "server/http/http_server.h"

#include <civetweb.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/http/http_errors.h"

namespace octet::server::http {
namespace {

std::string ListenAddress(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return v6 ? absl::StrCat("[", host, "]:", port) : absl::StrCat(host, ":", port);
}

void Send(mg_connection* conn, const HttpResponse& response) {
  mg_response_header_start(conn, response.status);
  bool typed = false;
  for (const auto& [name, value] : response.headers) {
    typed = typed || absl::EqualsIgnoreCase(name, "content-type");
    mg_response_header_add(conn, name.c_str(), value.c_str(), static_cast<int>(value.size()));
  }
  if (!typed && !response.body.empty()) {
    mg_response_header_add(conn, "Content-Type", "application/json", -1);
  }
  const std::string length = std::to_string(response.body.size());
  mg_response_header_add(conn, "Content-Length", length.c_str(), -1);
  mg_response_header_send(conn);
  if (!response.body.empty()) mg_write(conn, response.body.data(), response.body.size());
}

// 413: the body is not read, so the connection cannot be reused.
void SendTooLarge(mg_connection* conn, int64_t limit) {
  HttpResponse r = ErrorResponse(
      absl::ResourceExhaustedError(absl::StrFormat(
          "request body larger than %d bytes (--max_message_bytes); nothing was parsed", limit)),
      413);
  mg_disable_connection_keep_alive(conn);
  r.AddHeader("Connection", "close");
  Send(conn, r);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                              const HttpApi* api) {
  static const unsigned kLibrary = mg_init_library(0);
  (void)kLibrary;
  auto server = std::unique_ptr<HttpServer>(new HttpServer(options, api));
  const std::string listen = ListenAddress(options.host, options.port);
  const std::string threads = std::to_string(options.threads);
  const std::string queue = std::to_string(options.connection_queue);
  const std::string keep_alive = std::to_string(options.keep_alive_ms);
  const std::string timeout = std::to_string(options.request_timeout_ms);
  const char* civet_options[] = {"listening_ports",
                                 listen.c_str(),
                                 "num_threads",
                                 threads.c_str(),
                                 "connection_queue",
                                 queue.c_str(),
                                 "listen_backlog",
                                 queue.c_str(),
                                 "enable_keep_alive",
                                 "yes",
                                 "keep_alive_timeout_ms",
                                 keep_alive.c_str(),
                                 "request_timeout_ms",
                                 timeout.c_str(),
                                 "tcp_nodelay",
                                 "1",
                                 "max_request_size",
                                 "16384",  // request line + headers
                                 "enable_directory_listing",
                                 "no",
                                 nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = [](const mg_connection*, const char*) { return 1; };  // silent
  server->context_ = mg_start(&callbacks, nullptr, civet_options);
  if (server->context_ == nullptr) {
    const bool v6 = options.host.find(':') != std::string::npos;
    return absl::UnavailableError(
        absl::StrCat("--http_port ", options.port, ": cannot listen on ", listen, " (",
                     v6 ? "the HTTP listener takes IPv4 addresses only; set an IPv4 --host"
                        : "port in use, or address not available",
                     ")"));
  }
  mg_set_request_handler(server->context_, "**", &HttpServer::OnRequest, server.get());
  mg_server_port ports[4];
  const int n = mg_get_server_ports(server->context_, 4, ports);
  server->port_ = n > 0 ? ports[0].port : 0;
  return server;
}

HttpServer::~HttpServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int HttpServer::OnRequest(mg_connection* conn, void* self) {
  return static_cast<const HttpServer*>(self)->Serve(conn);
}

int HttpServer::Serve(mg_connection* conn) const {
  const mg_request_info* info = mg_get_request_info(conn);
  HttpRequest request;
  request.method = info->request_method != nullptr ? info->request_method : "";
  request.path = info->local_uri != nullptr ? info->local_uri : "";
  bool chunked = false;
  for (int i = 0; i < info->num_headers; ++i) {
    std::string name = absl::AsciiStrToLower(info->http_headers[i].name);
    const char* value = info->http_headers[i].value != nullptr ? info->http_headers[i].value : "";
    if (name == "transfer-encoding")
      chunked = absl::StrContains(absl::AsciiStrToLower(value), "chunked");
    request.headers.emplace_back(std::move(name), value);
  }
  const int64_t limit = options_.max_body_bytes;
  if (info->content_length > limit) {
    SendTooLarge(conn, limit);
    return 1;
  }
  if (info->content_length > 0 || chunked) {
    if (info->content_length > 0) request.body.reserve(static_cast<size_t>(info->content_length));
    char buffer[16384];
    for (;;) {
      const int got = mg_read(conn, buffer, sizeof(buffer));
      if (got <= 0) break;
      if (static_cast<int64_t>(request.body.size()) + got > limit) {
        SendTooLarge(conn, limit);
        return 1;
      }
      request.body.append(buffer, static_cast<size_t>(got));
    }
  }
  Send(conn, api_->Handle(request));
  return 1;
}

}  // namespace octet::server::http
