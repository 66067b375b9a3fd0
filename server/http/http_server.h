#pragma once
// The HTTP listener: civetweb (the server prometheus-cpp already links) in handler-only mode —
// no document root, no directory listing — with keep-alive, TCP_NODELAY, a bounded thread pool,
// a bounded connection queue and bounded headers. Each request's body is read here under
// --max_message_bytes (413 before parsing, for Content-Length and chunked bodies alike) and
// handed to the HttpApi; the handler thread waits for its answer.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/http/http_api.h"

struct mg_context;
struct mg_connection;

namespace octet::server::http {

struct HttpServerOptions {
  std::string host = "0.0.0.0";
  int port = 0;               ///< 0 = any free port
  int threads = 16;           ///< handler threads (each serves one connection at a time)
  int connection_queue = 64;  ///< accepted connections waiting for a thread
  int64_t max_body_bytes = 1 << 20;
  int keep_alive_ms = 60000;  ///< idle keep-alive connections are closed after this
  int request_timeout_ms = 30000;
};

class HttpServer {
 public:
  /// Starts listening. Unavailable naming --http_port when it cannot. `api` must outlive the
  /// server.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                           const HttpApi* api);
  /// Stops accepting and joins the handler threads (waiting for their requests).
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }

  /// Waits until no handler is serving a request (idle keep-alive connections do not count) or
  /// `deadline` passes; true when idle. The drain calls it before stopping: civetweb abandons
  /// a response still being written once it is told to stop.
  bool WaitIdle(absl::Time deadline) const;

 private:
  HttpServer(const HttpServerOptions& options, const HttpApi* api) : options_(options), api_(api) {}
  static int OnRequest(mg_connection* conn, void* self);
  int Serve(mg_connection* conn) const;

  const HttpServerOptions options_;
  const HttpApi* const api_;  // not owned
  mg_context* context_ = nullptr;
  int port_ = 0;
  mutable absl::Mutex mu_;
  mutable int serving_ ABSL_GUARDED_BY(mu_) = 0;  // requests between OnRequest and its return
};

}  // namespace octet::server::http
