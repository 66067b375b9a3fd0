#include "server/server_config.h"

#include <set>

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
        AtLeast("http_deadline_ms", http_deadline_ms, 1), AtLeast("workers", workers, 1),
        AtLeast("threads_per_worker", threads_per_worker, 1),
        AtLeast("max_batch_tokens", max_batch_tokens, 1),
        AtLeast("max_batch_size", max_batch_size, 1), AtLeast("batch_wait_us", batch_wait_us, 0),
        AtLeast("max_queue", max_queue, 1),
        AtLeast("max_texts_per_request", max_texts_per_request, 1),
        AtLeast("max_text_bytes", max_text_bytes, 1)}) {
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
  return absl::OkStatus();
}

}  // namespace octet::server
