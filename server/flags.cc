#include "server/flags.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/base/logging.h"
#include "core/base/status_macros.h"
#include "server/access_log.h"

ABSL_FLAG(std::vector<std::string>, model, {},
          "NAME=DIR of a Hugging Face model folder to serve; repeat for several models. NAME is "
          "what requests ask for (letters, digits, '.', '_', '-').");
ABSL_FLAG(std::string, host, "0.0.0.0", "Address to listen on.");
ABSL_FLAG(int, port, 50051, "gRPC port; 0 = any free port (printed on stdout).");
ABSL_FLAG(int, metrics_port, 9464,
          "Prometheus /metrics port (HTTP, same --host as gRPC); 0 = any free port (printed on "
          "stdout). Metrics are always served; a port that cannot be bound stops the start.");
ABSL_FLAG(int, workers, 0,
          "Inference workers (batches computed in parallel); 0 = fit the CPUs: 1.");
ABSL_FLAG(int, threads_per_worker, 0,
          "Threads each worker's ops use; 0 = fit the CPUs: usable CPUs / workers. Keep "
          "workers × threads_per_worker ≤ CPUs.");
ABSL_FLAG(int, max_batch_tokens, 2048,
          "Token budget of one batch; similar-length requests of one model are packed under it "
          "without padding (a single larger request runs alone).");
ABSL_FLAG(int, max_batch_size, 64, "Sequences (texts or QA windows) in one batch.");
ABSL_FLAG(int64_t, batch_wait_us, 0,
          "Microseconds the batcher may hold a lone request waiting for others to batch with; "
          "0 = batch only what is already queued (requests queue up while workers are busy).");
ABSL_FLAG(int, max_queue, 256,
          "Requests admitted but not yet computing; when full, requests get RESOURCE_EXHAUSTED "
          "at once.");
ABSL_FLAG(std::string, precision, "int8", "Linear layers in int8 (default) or fp32.");
ABSL_FLAG(
    std::vector<std::string>, fp32_layers, {},
    "Comma-separated modules kept in FP32 when --precision=int8, e.g. heads,encoder.layer.11.");
ABSL_FLAG(int, max_texts_per_request, 64,
          "Most texts one Classify request may carry, and most context windows one Answer "
          "request may need.");
ABSL_FLAG(int64_t, max_text_bytes, 65536,
          "Longest text, text pair, question or context in UTF-8 bytes.");
ABSL_FLAG(int64_t, max_message_bytes, 1 << 20,
          "Largest serialized request message accepted, in bytes; a bigger one gets "
          "RESOURCE_EXHAUSTED from gRPC before it is parsed.");
ABSL_FLAG(int, http_port, -1,
          "HTTP/JSON API port (same --host as gRPC; the same queue, limits and errors); -1 = no "
          "HTTP API, 0 = any free port (printed on stdout).");
ABSL_FLAG(int, http_threads, 16,
          "HTTP handler threads; each serves one connection at a time and waits for its "
          "request's answer.");
ABSL_FLAG(int, http_connection_queue, 64,
          "Accepted HTTP connections that may wait for a free handler thread.");
ABSL_FLAG(int64_t, http_deadline_ms, 30000,
          "Deadline of an HTTP inference request in milliseconds; a request may shorten it with "
          "the header x-deadline-ms. Past it, a queued request gets 504.");
ABSL_FLAG(std::string, tei_model, "",
          "The model Text Embeddings Inference's routes (/predict, /rerank, /tokenize, /info) "
          "serve. Empty: the only model of the route's task (TEI serves one model).");
ABSL_FLAG(std::string, log_format, "text",
          "Log lines on stderr: text, or json (one object per line with ts, level, msg and, on "
          "access lines, request_id, trace_id, span_id, route or rpc, model, status, tokens, "
          "batch size and stage timings).");
ABSL_FLAG(double, access_log_sample, 0,
          "Fraction of requests (HTTP and gRPC) logged with an access line, 0 to 1; never the "
          "request text.");
ABSL_FLAG(double, drain_seconds, 30,
          "On SIGTERM/SIGINT: health turns NOT_SERVING, new requests get UNAVAILABLE, in-flight "
          "requests finish; exit 0 at the latest after this many seconds. A second signal exits "
          "at once.");
ABSL_FLAG(bool, self_check, true,
          "At start-up, run the int8 model and an FP32 copy on built-in inputs and record their "
          "agreement (GetModel reports it).");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain for TLS; with --tls_key. Empty = plaintext gRPC.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA certificate(s); when set, clients must present a certificate signed by them "
          "(mutual TLS). Needs --tls_cert.");
ABSL_FLAG(std::string, api_key_file, "",
          "File holding one API key; every call except grpc.health.v1 must then send the "
          "metadata 'authorization: Bearer <key>' or gets UNAUTHENTICATED. Needs --tls_cert.");
ABSL_FLAG(int, grpc_max_concurrent_streams, 128,
          "HTTP/2 streams (calls) one gRPC connection may have open at once; more wait in the "
          "client.");
ABSL_FLAG(int64_t, grpc_max_metadata_bytes, 16384,
          "Largest request metadata (headers) of one gRPC call, in bytes.");
ABSL_FLAG(int64_t, grpc_memory_quota_mb, 256,
          "Memory gRPC's transport may hold for all connections together (read buffers, frames, "
          "messages), in MB; past it, new data is refused rather than buffered.");
ABSL_FLAG(bool, grpc_accept_compressed, false,
          "Accept gzip/deflate-compressed gRPC requests. Off: a compressed request gets "
          "UNIMPLEMENTED before it is inflated (a small compressed message can inflate to "
          "gigabytes).");
ABSL_FLAG(int64_t, grpc_max_connection_idle_seconds, 300,
          "A gRPC connection with no call for this long is closed (GOAWAY); 0 = never.");
ABSL_FLAG(int64_t, grpc_max_connection_age_seconds, 3600,
          "A gRPC connection older than this is asked to reconnect (GOAWAY), which also spreads "
          "clients over new replicas; 0 = never.");
ABSL_FLAG(int64_t, grpc_max_connection_age_grace_seconds, 0,
          "Time calls in flight get to finish after the connection-age GOAWAY; 0 = "
          "--drain_seconds + 5. At least --drain_seconds.");
ABSL_FLAG(int64_t, grpc_keepalive_seconds, 60,
          "The server pings a gRPC connection this often and closes it when no answer comes "
          "within --grpc_keepalive_timeout_seconds.");
ABSL_FLAG(int64_t, grpc_keepalive_timeout_seconds, 20,
          "How long the server waits for the answer to its keepalive ping.");
ABSL_FLAG(int64_t, grpc_min_client_ping_interval_seconds, 10,
          "Ping enforcement: a client that pings more often than this (twice) gets GOAWAY "
          "(too_many_pings). Client keepalive settings must stay above it.");
ABSL_FLAG(int64_t, grpc_handshake_timeout_seconds, 10,
          "Time a new gRPC connection has to finish its TLS and HTTP/2 handshake (1 to 20).");
ABSL_FLAG(int, max_inflight_per_client, 64,
          "Inference calls one client (its IP address) may have admitted and not yet answered; "
          "more get RESOURCE_EXHAUSTED at once, so one client cannot fill the shared queue. 0 = "
          "no per-client limit.");
ABSL_FLAG(std::string, client_id_metadata, "",
          "Metadata key (e.g. x-real-ip) that names the client for --max_inflight_per_client "
          "when the call comes from a loopback address, i.e. through a front on the same host "
          "(deploy/nginx). Empty = the peer address always.");
ABSL_FLAG(bool, reflection, true,
          "Serve gRPC server reflection, so grpcurl and buf curl need no .proto files. The image "
          "and the Kubernetes manifests turn it off (--noreflection): it describes every service "
          "to anyone who connects.");
ABSL_FLAG(int, metrics_threads, 16,
          "Threads of the /metrics exporter; each holds one connection until its request is "
          "read (at most 3 s) and answered.");

namespace octet::server {
namespace {

constexpr char kUsage[] =
    "serves BERT-family Hugging Face models (classification and extractive "
    "question answering) over gRPC, in int8 on CPU.\n\n"
    "usage: octet-server --model NAME=DIR [--model NAME=DIR ...] [--port 50051] [flags]\n\n"
    "API: octet.v1.Inference (Classify, Answer, ListModels, GetModel, Tokenize), "
    "grpc.health.v1.Health (service \"\" and one per model name; SERVING after warm-up) and, "
    "unless --noreflection, server reflection; with --http_port, the same API over HTTP/JSON (GET "
    "/openapi.json lists "
    "its routes).";

// --help: the usage and every flag of this file, then exit 0 (Abseil's own --help exits 1).
bool HelpRequested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--help" || a == "-help" || a == "-h") return true;
  }
  return false;
}

void PrintHelp() {
  std::string out = absl::StrCat(kUsage, "\n\nflags:\n");
  std::vector<std::pair<std::string, const absl::CommandLineFlag*>> flags;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (absl::StrContains(flag->Filename(), "server/flags.cc")) flags.emplace_back(name, flag);
  }
  std::sort(flags.begin(), flags.end());
  for (const auto& [name, flag] : flags) {
    absl::StrAppend(&out, "  --", name,
                    " (default: ", flag->DefaultValue().empty() ? "none" : flag->DefaultValue(),
                    ")\n");
    // Wrap the help text at about 90 columns.
    std::string line;
    for (absl::string_view word : absl::StrSplit(flag->Help(), ' ', absl::SkipEmpty())) {
      if (!line.empty() && line.size() + word.size() > 84) {
        absl::StrAppend(&out, "      ", line, "\n");
        line.clear();
      }
      absl::StrAppend(&line, line.empty() ? "" : " ", word);
    }
    absl::StrAppend(&out, "      ", line, "\n");
  }
  std::fputs(out.c_str(), stdout);
}

// Pulls every "--model X" / "--model=X" (and -model) out of argv.
std::vector<std::string> ExtractModelFlags(int argc, char** argv, std::vector<char*>* rest) {
  std::vector<std::string> models;
  rest->push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!std::strcmp(a, "--")) {
      for (; i < argc; ++i) rest->push_back(argv[i]);
      break;
    }
    const char* body = !std::strncmp(a, "--", 2) ? a + 2 : (a[0] == '-' ? a + 1 : nullptr);
    if (body && !std::strcmp(body, "model") && i + 1 < argc) {
      models.emplace_back(argv[++i]);
    } else if (body && !std::strncmp(body, "model=", 6)) {
      models.emplace_back(body + 6);
    } else {
      rest->push_back(argv[i]);
    }
  }
  return models;
}

}  // namespace

absl::StatusOr<ServerConfig> ParseCommandLine(int argc, char** argv, const CpuBudget& budget,
                                              std::vector<std::string>* warnings) {
  absl::SetProgramUsageMessage(kUsage);
  absl::FlagsUsageConfig usage;
  // --help lists the flags of this file (Abseil's default picks files named after the binary).
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "server/flags.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  usage.normalize_filename = [](absl::string_view file) {
    const size_t at = file.rfind("server/");
    return std::string(at == absl::string_view::npos ? file : file.substr(at));
  };
  usage.version_string = [] { return std::string("octet-server 0.1.0\n"); };
  absl::SetFlagsUsageConfig(usage);
  if (HelpRequested(argc, argv)) {
    PrintHelp();
    std::exit(0);
  }

  std::vector<char*> rest;
  std::vector<std::string> model_args = ExtractModelFlags(argc, argv, &rest);
  std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(rest.size()), rest.data());
  if (positional.size() > 1) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "unexpected argument '%s': every option is a --flag (see --help)", positional[1]));
  }
  for (const std::string& list_entry : absl::GetFlag(FLAGS_model)) model_args.push_back(list_entry);

  ServerConfig c;
  for (const std::string& spec : model_args) {
    OCTET_ASSIGN_OR_RETURN(ModelSpec m, ParseModelSpec(spec));
    c.models.push_back(std::move(m));
  }
  c.host = absl::GetFlag(FLAGS_host);
  c.port = absl::GetFlag(FLAGS_port);
  c.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  c.workers = absl::GetFlag(FLAGS_workers);
  c.threads_per_worker = absl::GetFlag(FLAGS_threads_per_worker);
  int default_workers = 1, default_threads = 1;
  DefaultLayout(budget.Usable(), &default_workers, &default_threads);
  if (c.workers == 0) c.workers = default_workers;
  if (c.threads_per_worker == 0 && c.workers > 0) {
    c.threads_per_worker = std::max(1, budget.Usable() / c.workers);
  }
  c.max_batch_tokens = absl::GetFlag(FLAGS_max_batch_tokens);
  c.max_batch_size = absl::GetFlag(FLAGS_max_batch_size);
  c.batch_wait_us = absl::GetFlag(FLAGS_batch_wait_us);
  c.max_queue = absl::GetFlag(FLAGS_max_queue);
  const std::string precision = absl::GetFlag(FLAGS_precision);
  if (precision == "int8") {
    c.precision.base = Precision::kInt8;
  } else if (precision == "fp32") {
    c.precision.base = Precision::kFp32;
  } else {
    return absl::InvalidArgumentError(
        absl::StrFormat("--precision: expected int8 or fp32, got '%s'", precision.substr(0, 50)));
  }
  c.precision.fp32_layers = absl::GetFlag(FLAGS_fp32_layers);
  c.max_texts_per_request = absl::GetFlag(FLAGS_max_texts_per_request);
  c.max_text_bytes = absl::GetFlag(FLAGS_max_text_bytes);
  c.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  c.http_port = absl::GetFlag(FLAGS_http_port);
  c.http_threads = absl::GetFlag(FLAGS_http_threads);
  c.http_connection_queue = absl::GetFlag(FLAGS_http_connection_queue);
  c.http_deadline_ms = absl::GetFlag(FLAGS_http_deadline_ms);
  c.tei_model = absl::GetFlag(FLAGS_tei_model);
  c.log_format = absl::GetFlag(FLAGS_log_format);
  c.access_log_sample = absl::GetFlag(FLAGS_access_log_sample);
  c.drain_seconds = absl::GetFlag(FLAGS_drain_seconds);
  c.self_check = absl::GetFlag(FLAGS_self_check);
  c.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  c.tls_key = absl::GetFlag(FLAGS_tls_key);
  c.tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  c.api_key_file = absl::GetFlag(FLAGS_api_key_file);
  c.grpc_max_concurrent_streams = absl::GetFlag(FLAGS_grpc_max_concurrent_streams);
  c.grpc_max_metadata_bytes = absl::GetFlag(FLAGS_grpc_max_metadata_bytes);
  c.grpc_memory_quota_mb = absl::GetFlag(FLAGS_grpc_memory_quota_mb);
  c.grpc_accept_compressed = absl::GetFlag(FLAGS_grpc_accept_compressed);
  c.grpc_max_connection_idle_s = absl::GetFlag(FLAGS_grpc_max_connection_idle_seconds);
  c.grpc_max_connection_age_s = absl::GetFlag(FLAGS_grpc_max_connection_age_seconds);
  c.grpc_max_connection_age_grace_s = absl::GetFlag(FLAGS_grpc_max_connection_age_grace_seconds);
  c.grpc_keepalive_s = absl::GetFlag(FLAGS_grpc_keepalive_seconds);
  c.grpc_keepalive_timeout_s = absl::GetFlag(FLAGS_grpc_keepalive_timeout_seconds);
  c.grpc_min_client_ping_interval_s = absl::GetFlag(FLAGS_grpc_min_client_ping_interval_seconds);
  c.grpc_handshake_timeout_s = absl::GetFlag(FLAGS_grpc_handshake_timeout_seconds);
  c.max_inflight_per_client = absl::GetFlag(FLAGS_max_inflight_per_client);
  c.client_id_metadata = absl::GetFlag(FLAGS_client_id_metadata);
  c.reflection = absl::GetFlag(FLAGS_reflection);
  c.metrics_threads = absl::GetFlag(FLAGS_metrics_threads);
  OCTET_RETURN_IF_ERROR(c.Validate());
  SetLogFormat(c.log_format == "json" ? LogFormat::kJson : LogFormat::kText);
  SetAccessLogSampling(c.access_log_sample);
  if (auto w = LayoutWarning(budget, c.workers, c.threads_per_worker)) warnings->push_back(*w);
  if (budget.quota > 0 && budget.quota < budget.affinity) {
    warnings->push_back(absl::StrFormat(
        "the container's CPU quota (%.2f CPUs) is below the %d CPUs in the affinity mask; "
        "layout defaults use %d",
        budget.quota, budget.affinity, budget.Usable()));
  }
  return c;
}

}  // namespace octet::server
