#include "server/http/http_server.h"

#include <civetweb.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/http/http_errors.h"

namespace octet::server::http {
namespace {

std::string ListenAddress(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return v6 ? absl::StrCat("[", host, "]:", port) : absl::StrCat(host, ":", port);
}

// True when civetweb keeps the connection open after this request (its should_keep_alive rule:
// keep-alive enabled, HTTP/1.1 unless the client says close, HTTP/1.0 only when it asks).
bool KeepsAlive(const mg_request_info* info, int status) {
  if (status == 401 || status == 413) return false;  // civetweb closes after these
  const char* connection = nullptr;
  for (int i = 0; i < info->num_headers; ++i) {
    if (absl::EqualsIgnoreCase(info->http_headers[i].name, "connection")) {
      connection = info->http_headers[i].value;
    }
  }
  if (connection != nullptr) {
    return absl::StrContains(absl::AsciiStrToLower(connection), "keep-alive");
  }
  return info->http_version != nullptr && std::string(info->http_version) == "1.1";
}

// The whole response in one write: civetweb's mg_response_header_* API sends every header line
// as its own packet (with TCP_NODELAY) and reads the time zone file for each Date header.
void Send(mg_connection* conn, const HttpResponse& response) {
  const mg_request_info* info = mg_get_request_info(conn);
  const bool keep_alive = KeepsAlive(info, response.status);
  std::string out = absl::StrCat("HTTP/1.1 ", response.status, " ",
                                 mg_get_response_code_text(conn, response.status), "\r\n");
  bool typed = false;
  for (const auto& [name, value] : response.headers) {
    typed = typed || absl::EqualsIgnoreCase(name, "content-type");
    absl::StrAppend(&out, name, ": ", value, "\r\n");
  }
  if (!typed && !response.body.empty()) absl::StrAppend(&out, "Content-Type: application/json\r\n");
  absl::StrAppend(
      &out, "Content-Length: ", response.body.size(),
      "\r\nDate: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", absl::Now(), absl::UTCTimeZone()),
      "\r\nConnection: ", keep_alive ? "keep-alive" : "close", "\r\n\r\n", response.body);
  if (!keep_alive) mg_disable_connection_keep_alive(conn);
  mg_write(conn, out.data(), out.size());
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
  const auto* server = static_cast<const HttpServer*>(self);
  {
    absl::MutexLock lock(&server->mu_);
    ++server->serving_;
  }
  const int status = server->Serve(conn);
  absl::MutexLock lock(&server->mu_);
  --server->serving_;
  return status;
}

bool HttpServer::WaitIdle(absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return serving_ == 0; };
  return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
}

int HttpServer::Serve(mg_connection* conn) const {
  const mg_request_info* info = mg_get_request_info(conn);
  HttpRequest request;
  request.method = info->request_method != nullptr ? info->request_method : "";
  request.path = info->local_uri != nullptr ? info->local_uri : "";
  request.peer = HttpPeer{info->remote_addr, info->remote_port, port_};
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
    Send(conn, api_->HandleTooLarge(request, limit));
    return 413;
  }
  if (info->content_length > 0 || chunked) {
    if (info->content_length > 0) request.body.reserve(static_cast<size_t>(info->content_length));
    char buffer[16384];
    for (;;) {
      const int got = mg_read(conn, buffer, sizeof(buffer));
      if (got <= 0) break;
      if (static_cast<int64_t>(request.body.size()) + got > limit) {
        request.body.clear();
        Send(conn, api_->HandleTooLarge(request, limit));
        return 413;
      }
      request.body.append(buffer, static_cast<size_t>(got));
    }
  }
  const HttpResponse response = api_->Handle(request);
  Send(conn, response);
  return response.status;  // civetweb's "handled" (1 to 999)
}

}  // namespace octet::server::http
