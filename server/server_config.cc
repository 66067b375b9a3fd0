#include "server/server_config.h"

#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet::server {
namespace {

bool ValidModelName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

absl::Status AtLeast(const char* flag, int64_t value, int64_t minimum) {
  if (value >= minimum) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("--%s: expected at least %d, got %d", flag, minimum, value));
}

}  // namespace

absl::StatusOr<ModelSpec> ParseModelSpec(std::string_view spec) {
  const size_t eq = spec.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--model: expected NAME=DIR (e.g. sst2=models/sst2), got '%s'", spec.substr(0, 200)));
  }
  ModelSpec out{std::string(spec.substr(0, eq)), std::string(spec.substr(eq + 1))};
  if (!ValidModelName(out.name)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--model: NAME must be 1 to 128 of [A-Za-z0-9._-], got '%s'", out.name.substr(0, 200)));
  }
  if (out.dir.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--model %s=: expected a model directory after '='", out.name));
  }
  return out;
}

absl::Status ServerConfig::Validate() const {
  if (models.empty()) {
    return absl::InvalidArgumentError("--model: expected at least one NAME=DIR, got none");
  }
  std::set<std::string> names;
  for (const ModelSpec& m : models) {
    if (!names.insert(m.name).second) {
      return absl::InvalidArgumentError(
          absl::StrFormat("--model: the name '%s' is given twice; names must be unique", m.name));
    }
  }
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrFormat("--port: expected 0 to 65535, got %d", port));
  }
  if (metrics_port < 0 || metrics_port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--metrics_port: expected 0 to 65535, got %d", metrics_port));
  }
  if (log_format != "text" && log_format != "json") {
    return absl::InvalidArgumentError(
        absl::StrFormat("--log_format: expected text or json, got '%s'", log_format.substr(0, 50)));
  }
  if (!(access_log_sample >= 0 && access_log_sample <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--access_log_sample: expected 0 to 1, got %g", access_log_sample));
  }
  if (http_port < -1 || http_port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--http_port: expected -1 (off) or 0 to 65535, got %d", http_port));
  }
  for (const absl::Status& s :
       {AtLeast("http_threads", http_threads, 1),
        AtLeast("http_connection_queue", http_connection_queue, 1),
        AtLeast("http_deadline_ms", http_deadline_ms, 1),
        AtLeast("workers", workers, 1),
        AtLeast("threads_per_worker", threads_per_worker, 1),
        AtLeast("max_batch_tokens", max_batch_tokens, 1),
        AtLeast("max_batch_size", max_batch_size, 1),
        AtLeast("batch_wait_us", batch_wait_us, 0),
        AtLeast("max_queue", max_queue, 1),
        AtLeast("max_texts_per_request", max_texts_per_request, 1),
        AtLeast("max_text_bytes", max_text_bytes, 1),
        AtLeast("grpc_max_concurrent_streams", grpc_max_concurrent_streams, 1),
        AtLeast("grpc_max_metadata_bytes", grpc_max_metadata_bytes, 1024),
        AtLeast("grpc_memory_quota_mb", grpc_memory_quota_mb, 16),
        AtLeast("grpc_max_connection_idle_seconds", grpc_max_connection_idle_s, 0),
        AtLeast("grpc_max_connection_age_seconds", grpc_max_connection_age_s, 0),
        AtLeast("grpc_max_connection_age_grace_seconds", grpc_max_connection_age_grace_s, 0),
        AtLeast("grpc_keepalive_seconds", grpc_keepalive_s, 1),
        AtLeast("grpc_keepalive_timeout_seconds", grpc_keepalive_timeout_s, 1),
        AtLeast("grpc_min_client_ping_interval_seconds", grpc_min_client_ping_interval_s, 1),
        AtLeast("max_inflight_per_client", max_inflight_per_client, 0),
        AtLeast("metrics_threads", metrics_threads, 2)}) {
    OCTET_RETURN_IF_ERROR(s);
  }
  if (max_message_bytes < 1024 || max_message_bytes > INT32_MAX) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--max_message_bytes: expected 1024 to %d, got %d", INT32_MAX, max_message_bytes));
  }
  if (tls_cert.empty() != tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key: expected both (TLS) or neither (plaintext), got one");
  }
  if (tls_cert.empty() && !tls_client_ca.empty()) {
    return absl::InvalidArgumentError("--tls_client_ca: needs --tls_cert and --tls_key");
  }
  if (tls_cert.empty() && !api_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--api_key_file: needs --tls_cert and --tls_key (the key must not travel in plaintext)");
  }
  if (!(drain_seconds >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--drain_seconds: expected a number ≥ 0, got %g", drain_seconds));
  }
  if (grpc_max_metadata_bytes > INT32_MAX || grpc_memory_quota_mb > int64_t{1024} * 1024) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--grpc_max_metadata_bytes / --grpc_memory_quota_mb: expected at most %d bytes / "
        "1048576 MB, got %d / %d",
        INT32_MAX, grpc_max_metadata_bytes, grpc_memory_quota_mb));
  }
  if (grpc_handshake_timeout_s < 1 || grpc_handshake_timeout_s > 20) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--grpc_handshake_timeout_seconds: expected 1 to 20, got %d", grpc_handshake_timeout_s));
  }
  if (grpc_max_connection_age_grace_s != 0 && grpc_max_connection_age_grace_s < drain_seconds) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--grpc_max_connection_age_grace_seconds: expected 0 (= --drain_seconds + 5) or at least "
        "--drain_seconds (%g), got %d",
        drain_seconds, grpc_max_connection_age_grace_s));
  }
  for (const auto& [flag, seconds] :
       {std::pair<const char*, int64_t>{"grpc_max_connection_idle_seconds",
                                        grpc_max_connection_idle_s},
        {"grpc_max_connection_age_seconds", grpc_max_connection_age_s},
        {"grpc_max_connection_age_grace_seconds", grpc_max_connection_age_grace_s},
        {"grpc_keepalive_seconds", grpc_keepalive_s},
        {"grpc_keepalive_timeout_seconds", grpc_keepalive_timeout_s},
        {"grpc_min_client_ping_interval_seconds", grpc_min_client_ping_interval_s}}) {
    // gRPC takes milliseconds as an int.
    if (seconds > INT32_MAX / 1000) {
      return absl::InvalidArgumentError(
          absl::StrFormat("--%s: expected at most %d, got %d", flag, INT32_MAX / 1000, seconds));
    }
  }
  for (char c : client_id_metadata) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "--client_id_metadata: expected a lower-case metadata key ([a-z0-9._-]), got '%s'",
          client_id_metadata.substr(0, 50)));
    }
  }
  return absl::OkStatus();
}

int64_t ServerConfig::EffectiveConnectionAgeGraceSeconds() const {
  if (grpc_max_connection_age_grace_s > 0) return grpc_max_connection_age_grace_s;
  return static_cast<int64_t>(std::ceil(drain_seconds)) + 5;
}

}  // namespace octet::server
