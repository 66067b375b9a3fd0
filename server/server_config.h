#pragma once
// Everything octet-server is configured with (filled from flags by server/flags.h), validated.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/layers/linear_loader.h"

namespace octet::server {

/// One `--model NAME=DIR`.
struct ModelSpec {
  std::string name;
  std::string dir;
};

struct ServerConfig {
  std::vector<ModelSpec> models;
  std::string host = "0.0.0.0";
  /// 0 = let the system pick a free port (printed on stdout once bound).
  int port = 50051;
  /// Prometheus /metrics port (served by the metrics component; stored here).
  int metrics_port = 9464;
  int workers = 1;
  int threads_per_worker = 1;
  /// Token budget of one batch (a single request larger than it runs alone).
  int max_batch_tokens = 2048;
  /// Sequences (texts or QA windows) in one batch.
  int max_batch_size = 64;
  /// How long the batcher may hold a lone request hoping to batch it with others.
  int64_t batch_wait_us = 0;
  /// Requests admitted but not yet computing; beyond it: RESOURCE_EXHAUSTED.
  int max_queue = 256;
  PrecisionPlan precision;
  int max_texts_per_request = 64;
  int64_t max_text_bytes = int64_t{64} * 1024;
  /// Largest request message gRPC accepts (the whole serialized request).
  int64_t max_message_bytes = 1 << 20;
  /// HTTP/JSON API port on the same --host (server/http/); -1 = no HTTP API, 0 = any free port.
  int http_port = -1;
  /// HTTP handler threads (each holds one connection while its request runs) and accepted
  /// connections that may wait for one.
  int http_threads = 16;
  int http_connection_queue = 64;
  /// Deadline of an HTTP inference request (a request may shorten it with x-deadline-ms).
  int64_t http_deadline_ms = 30000;
  /// The model TEI's routes serve (empty: the only model of the route's task).
  std::string tei_model;
  /// Log lines as "text" or "json" (one object per line).
  std::string log_format = "text";
  /// Fraction of requests (HTTP and gRPC) that get an access line, 0 to 1.
  double access_log_sample = 0;
  /// Bound on the SIGTERM drain.
  double drain_seconds = 30;
  /// Compare the int8 model with an FP32 copy at start-up (GetModel reports it).
  bool self_check = true;
  /// TLS: PEM certificate chain and private key (both or neither); empty = plaintext.
  std::string tls_cert;
  std::string tls_key;
  /// Mutual TLS: PEM CA that client certificates must chain to (needs tls_cert).
  std::string tls_client_ca;
  /// File holding the API key clients send as `authorization: Bearer <key>` (needs tls_cert).
  std::string api_key_file;

  /// InvalidArgument naming the flag and saying expected vs got.
  absl::Status Validate() const;
};

/// Parses "NAME=DIR". NAME: letters, digits, '.', '_', '-'.
absl::StatusOr<ModelSpec> ParseModelSpec(std::string_view spec);

}  // namespace octet::server
