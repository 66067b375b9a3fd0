#pragma once
// The gRPC transport's limits, set on the ServerBuilder from ServerConfig: concurrent streams,
// metadata size, a memory quota, compressed requests, connection idle / age, keepalive with ping
// enforcement and the handshake timeout. Debian 12's gRPC (1.51) has none of them on by default
// that bound what one unauthenticated client can make the server hold (docs/service.md,
// "Security").

#include <string>
#include <vector>

#include "core/base/logging.h"
#include "grpcpp/grpcpp.h"
#include "server/server_config.h"

namespace octet::server {

/// Sets every transport limit of `config` on `builder`.
void ApplyTransportLimits(const ServerConfig& config, grpc::ServerBuilder* builder);

/// The channel arguments ApplyTransportLimits sets, name → value (for the start-up log and
/// tests).
std::vector<std::pair<std::string, int64_t>> TransportChannelArgs(const ServerConfig& config);

/// The start-up log's fields for the transport limits.
std::vector<LogField> TransportLimitFields(const ServerConfig& config);

}  // namespace octet::server
