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

  /// gRPC transport limits (server/transport_limits.h applies them to the ServerBuilder).
  /// HTTP/2 streams one connection may have open at once.
  int grpc_max_concurrent_streams = 128;
  /// Request headers (metadata) of one call, in bytes.
  int64_t grpc_max_metadata_bytes = 16384;
  /// gRPC's ResourceQuota: the transport's buffers (connections, frames, messages) together.
  int64_t grpc_memory_quota_mb = 256;
  /// Accept gzip/deflate-compressed requests (false: only uncompressed; a compressed request is
  /// refused before it is inflated).
  bool grpc_accept_compressed = false;
  /// A connection with no call for this long is closed (GOAWAY); 0 = never.
  int64_t grpc_max_connection_idle_s = 300;
  /// A connection older than this is asked to reconnect (GOAWAY); 0 = never.
  int64_t grpc_max_connection_age_s = 3600;
  /// Calls still running when max_connection_age strikes get this long; 0 = drain_seconds + 5.
  int64_t grpc_max_connection_age_grace_s = 0;
  /// The server pings an idle connection this often and drops it when no answer comes within
  /// grpc_keepalive_timeout_s.
  int64_t grpc_keepalive_s = 60;
  int64_t grpc_keepalive_timeout_s = 20;
  /// Ping enforcement: a client pinging more often than this gets GOAWAY (too_many_pings).
  int64_t grpc_min_client_ping_interval_s = 10;
  /// Time a new connection has to finish its TLS / HTTP/2 handshake.
  int64_t grpc_handshake_timeout_s = 10;
  /// Inference calls one client (peer address) may have in flight; 0 = no per-client limit.
  int max_inflight_per_client = 64;
  /// Metadata key naming the client when the call comes from loopback (a front on the same
  /// host sets it, e.g. x-real-ip); empty = the peer address always.
  std::string client_id_metadata;
  /// Serve gRPC server reflection (grpcurl without .proto files).
  bool reflection = true;
  /// Threads of the /metrics exporter (each serves one connection at a time).
  int metrics_threads = 16;

  /// grpc_max_connection_age_grace_s with its default resolved.
  int64_t EffectiveConnectionAgeGraceSeconds() const;

  /// InvalidArgument naming the flag and saying expected vs got.
  absl::Status Validate() const;
};

/// Parses "NAME=DIR". NAME: letters, digits, '.', '_', '-'.
absl::StatusOr<ModelSpec> ParseModelSpec(std::string_view spec);

}  // namespace octet::server
