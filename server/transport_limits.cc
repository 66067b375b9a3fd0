#include "server/transport_limits.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "grpc/compression.h"
#include "grpcpp/resource_quota.h"

namespace octet::server {
namespace {

constexpr int64_t kMaxIntMs = INT32_MAX;

int64_t Ms(int64_t seconds) { return std::min(seconds * 1000, kMaxIntMs); }

}  // namespace

std::vector<std::pair<std::string, int64_t>> TransportChannelArgs(const ServerConfig& config) {
  std::vector<std::pair<std::string, int64_t>> args = {
      {GRPC_ARG_MAX_CONCURRENT_STREAMS, config.grpc_max_concurrent_streams},
      {GRPC_ARG_MAX_METADATA_SIZE, config.grpc_max_metadata_bytes},
      {GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, Ms(config.grpc_handshake_timeout_s)},
      {GRPC_ARG_KEEPALIVE_TIME_MS, Ms(config.grpc_keepalive_s)},
      {GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Ms(config.grpc_keepalive_timeout_s)},
      // Clients may keep an idle connection alive with pings, no more often than the minimum.
      {GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1},
      {GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
       Ms(config.grpc_min_client_ping_interval_s)},
      {GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2},
      // Requests are decompressed only when compressed requests are accepted at all.
      {GRPC_ARG_ENABLE_PER_MESSAGE_DECOMPRESSION, config.grpc_accept_compressed ? 1 : 0},
  };
  // gRPC's "infinite" is INT_MAX; 0 would close every connection at once.
  args.emplace_back(GRPC_ARG_MAX_CONNECTION_IDLE_MS, config.grpc_max_connection_idle_s > 0
                                                         ? Ms(config.grpc_max_connection_idle_s)
                                                         : kMaxIntMs);
  args.emplace_back(GRPC_ARG_MAX_CONNECTION_AGE_MS, config.grpc_max_connection_age_s > 0
                                                        ? Ms(config.grpc_max_connection_age_s)
                                                        : kMaxIntMs);
  args.emplace_back(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                    Ms(config.EffectiveConnectionAgeGraceSeconds()));
  return args;
}

void ApplyTransportLimits(const ServerConfig& config, grpc::ServerBuilder* builder) {
  for (const auto& [name, value] : TransportChannelArgs(config)) {
    builder->AddChannelArgument(name, static_cast<int>(value));
  }
  // The ServerBuilder writes its own enabled-algorithms bitset over a channel argument, so the
  // algorithms are switched off through it. A request compressed with a disabled algorithm gets
  // UNIMPLEMENTED from the transport before a byte of it is inflated.
  if (!config.grpc_accept_compressed) {
    builder->SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_DEFLATE, false);
    builder->SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_GZIP, false);
  }
  grpc::ResourceQuota quota("octet-transport");
  quota.Resize(static_cast<size_t>(config.grpc_memory_quota_mb) * 1024 * 1024);
  builder->SetResourceQuota(quota);
}

std::vector<LogField> TransportLimitFields(const ServerConfig& config) {
  auto n = [](const char* key, int64_t v) { return LogField{key, absl::StrCat(v), true}; };
  return {
      n("grpc_max_concurrent_streams", config.grpc_max_concurrent_streams),
      n("grpc_max_metadata_bytes", config.grpc_max_metadata_bytes),
      n("grpc_memory_quota_mb", config.grpc_memory_quota_mb),
      LogField{"grpc_accept_compressed", config.grpc_accept_compressed ? "true" : "false", true},
      n("grpc_max_connection_idle_s", config.grpc_max_connection_idle_s),
      n("grpc_max_connection_age_s", config.grpc_max_connection_age_s),
      n("grpc_max_connection_age_grace_s", config.EffectiveConnectionAgeGraceSeconds()),
      n("grpc_keepalive_s", config.grpc_keepalive_s),
      n("grpc_keepalive_timeout_s", config.grpc_keepalive_timeout_s),
      n("grpc_min_client_ping_interval_s", config.grpc_min_client_ping_interval_s),
      n("grpc_handshake_timeout_s", config.grpc_handshake_timeout_s),
      n("max_inflight_per_client", config.max_inflight_per_client),
      LogField{"reflection", config.reflection ? "true" : "false", true},
  };
}

}  // namespace octet::server
