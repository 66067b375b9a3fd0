// `octet bench`: a closed-loop load generator for a running octet-server. C client threads each
// keep one request in flight for a duration or until a request count; prints a live progress
// line on stderr, then throughput, latency percentiles, the server's own timings and errors by
// code.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "client/args.h"
#include "client/bench_texts.h"
#include "client/channel_options.h"
#include "client/commands.h"
#include "client/lengths_file.h"
#include "client/rpc_util.h"
#include "octet/v1/inference.grpc.pb.h"

namespace octet::cli {
namespace {

constexpr char kQuestion[] = "where is the small park?";

struct Sample {
  double latency_ms;
  int64_t server_total_ns, queue_ns, inference_ns;
  int64_t batch_sequences;
  int64_t tokens;  // of the texts sent, as listed (--lengths) or targeted (--tokens)
};

// Everything the client threads record; guarded by one mutex (an RPC costs far more).
struct Recorder {
  absl::Mutex mu;
  std::vector<Sample> ok ABSL_GUARDED_BY(mu);
  std::map<std::string, int64_t> errors ABSL_GUARDED_BY(mu);
  std::string first_error ABSL_GUARDED_BY(mu);
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1,
                    static_cast<size_t>(std::lround(p * static_cast<double>(v.size() - 1))))];
}

absl::Status ParseTokens(const std::string& spec, int64_t* lo, int64_t* hi) {
  std::vector<std::string> parts = absl::StrSplit(spec, '-');
  if (parts.size() == 1 && absl::SimpleAtoi(parts[0], lo)) {
    *hi = *lo;
  } else if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], lo) ||
             !absl::SimpleAtoi(parts[1], hi)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--tokens: expected N or MIN-MAX (e.g. 128 or 16-128), got '%s'", spec));
  }
  if (*lo < 4 || *hi < *lo) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--tokens: expected 4 ≤ MIN ≤ MAX, got '%s'", spec));
  }
  return absl::OkStatus();
}

// One request; returns its status and fills `sample` on success.
grpc::Status Call(v1::Inference::Stub* stub, bool qa, const std::string& model,
                  const std::vector<std::string>& texts, const std::vector<int64_t>& lengths,
                  size_t index, int texts_per_request, int64_t timeout_ms, Sample* sample) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
  const absl::Time begin = absl::Now();
  grpc::Status status;
  const v1::Timing* timing = nullptr;
  v1::ClassifyResponse classify;
  v1::AnswerResponse answer;
  if (qa) {
    v1::AnswerRequest request;
    request.set_model(model);
    request.set_question(kQuestion);
    request.set_context(texts[index % texts.size()]);
    status = stub->Answer(&context, request, &answer);
    timing = &answer.timing();
  } else {
    v1::ClassifyRequest request;
    request.set_model(model);
    for (int i = 0; i < texts_per_request; ++i)
      request.add_texts(texts[(index + i) % texts.size()]);
    status = stub->Classify(&context, request, &classify);
    timing = &classify.timing();
  }
  sample->latency_ms = absl::ToDoubleMilliseconds(absl::Now() - begin);
  sample->server_total_ns = timing->total_ns();
  sample->queue_ns = timing->queue_ns();
  sample->inference_ns = timing->inference_ns();
  sample->batch_sequences = timing->batch_sequences();
  sample->tokens = 0;
  for (int i = 0; i < (qa ? 1 : texts_per_request); ++i) {
    sample->tokens += lengths[(index + i) % lengths.size()];
  }
  return status;
}

}  // namespace

int BenchCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0,
                        WithChannelFlags({"model", "concurrency", "duration", "requests", "tokens",
                                          "lengths", "texts", "warmup", "timeout-ms"}),
                        WithChannelSwitches({"json"}));
  if (!args.ok()) return Fail(args.status(), 2);
  auto concurrency = args->GetInt("concurrency", 1), requests = args->GetInt("requests", 0),
       texts_per_request = args->GetInt("texts", 1), warmup = args->GetInt("warmup", 20),
       timeout_ms = args->GetInt("timeout-ms", 10000);
  for (const auto* v : {&concurrency, &requests, &texts_per_request, &warmup, &timeout_ms}) {
    if (!v->ok()) return Fail(v->status(), 2);
  }
  double duration_s = 10;
  if (auto d = args->Get("duration"); d && !absl::SimpleAtod(*d, &duration_s)) {
    return Fail(absl::InvalidArgumentError("--duration expects seconds"), 2);
  }
  if (*concurrency < 1 || *texts_per_request < 1 || *requests < 0 || *warmup < 0 ||
      duration_s <= 0) {
    return Fail(absl::InvalidArgumentError(
                    "--concurrency and --texts must be ≥ 1, --requests and --warmup ≥ 0, "
                    "--duration > 0"),
                2);
  }
  int64_t min_tokens = 128, max_tokens = 128;
  if (absl::Status s = ParseTokens(args->Get("tokens").value_or("128"), &min_tokens, &max_tokens);
      !s.ok()) {
    return Fail(s, 2);
  }

  auto made = MakeChannel(*args);
  if (!made.ok()) return Fail(made.status(), 2);
  std::shared_ptr<grpc::Channel> channel = *std::move(made);
  auto stub = v1::Inference::NewStub(channel);
  v1::GetModelRequest get;
  get.set_name(args->Get("model").value_or(""));
  v1::GetModelResponse info;
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (grpc::Status s = stub->GetModel(&context, get, &info); !s.ok()) return FailRpc(s);
  }
  const std::string model = info.model().name();
  const bool qa = info.model().task() == v1::TASK_QUESTION_ANSWERING;
  int64_t prefix = 0;
  if (qa) {
    auto q = CountTokens(stub.get(), model, kQuestion);
    if (!q.ok()) return Fail(q.status());
    prefix = *q;
  }
  // --lengths FILE: the texts follow the file's token lengths, in its order (request i sends
  // entries i, i+1, … modulo the list); otherwise a few texts spread over --tokens.
  const std::optional<std::string> lengths_path = args->Get("lengths");
  if (lengths_path && args->Get("tokens")) {
    return Fail(absl::InvalidArgumentError("--lengths and --tokens exclude each other"), 2);
  }
  std::vector<int64_t> lengths;
  absl::StatusOr<std::vector<std::string>> texts;
  if (lengths_path) {
    auto listed =
        ReadLengthsFile(*lengths_path, qa ? prefix + 1 : 3, info.model().max_sequence_length());
    if (!listed.ok()) return Fail(listed.status(), 2);
    lengths = *std::move(listed);
    std::fprintf(stderr, "bench: building texts for %zu listed lengths ...\n", lengths.size());
    texts = MakeTextsOfLengths(stub.get(), model, lengths, prefix);
  } else {
    texts = MakeBenchTexts(stub.get(), model, min_tokens, max_tokens, prefix,
                           min_tokens == max_tokens ? 8 : 32);
    if (texts.ok()) {
      for (size_t i = 0; i < texts->size(); ++i) {
        lengths.push_back(texts->size() == 1
                              ? min_tokens
                              : min_tokens + (max_tokens - min_tokens) * static_cast<int64_t>(i) /
                                                 static_cast<int64_t>(texts->size() - 1));
      }
    }
  }
  if (!texts.ok()) return Fail(texts.status());

  Sample unused;
  for (int64_t i = 0; i < *warmup; ++i) {
    grpc::Status s = Call(stub.get(), qa, model, *texts, lengths, static_cast<size_t>(i),
                          static_cast<int>(*texts_per_request), *timeout_ms, &unused);
    if (!s.ok()) return FailRpc(s);
  }

  Recorder rec;
  std::atomic<int64_t> issued{0};
  std::atomic<bool> done{false};
  const absl::Time begin = absl::Now();
  const absl::Time end = *requests > 0 ? absl::InfiniteFuture() : begin + absl::Seconds(duration_s);
  std::vector<std::thread> clients;
  for (int64_t c = 0; c < *concurrency; ++c) {
    clients.emplace_back([&] {
      while (absl::Now() < end) {
        const int64_t index = issued.fetch_add(1);
        if (*requests > 0 && index >= *requests) break;
        Sample sample;
        grpc::Status s = Call(stub.get(), qa, model, *texts, lengths, static_cast<size_t>(index),
                              static_cast<int>(*texts_per_request), *timeout_ms, &sample);
        absl::MutexLock lock(&rec.mu);
        if (s.ok()) {
          rec.ok.push_back(sample);
        } else {
          const std::string code = CodeName(s.error_code());
          if (rec.errors[code]++ == 0 && rec.first_error.empty()) {
            rec.first_error = code + ": " + s.error_message();
          }
        }
      }
    });
  }
  std::thread progress([&] {
    const bool tty = isatty(fileno(stderr));
    while (!done.load()) {
      absl::SleepFor(absl::Milliseconds(tty ? 250 : 1000));
      if (done.load()) break;
      std::vector<double> lat;
      int64_t errors = 0, ok = 0;
      {
        absl::MutexLock lock(&rec.mu);
        ok = static_cast<int64_t>(rec.ok.size());
        const size_t from = rec.ok.size() > 2000 ? rec.ok.size() - 2000 : 0;  // recent ones
        for (size_t i = from; i < rec.ok.size(); ++i) lat.push_back(rec.ok[i].latency_ms);
        for (const auto& [code, n] : rec.errors) errors += n;
      }
      const double t = absl::ToDoubleSeconds(absl::Now() - begin);
      std::fprintf(stderr, "%sbench: %5.1f s  %lld ok  %lld errors  %.1f req/s  p50 %.2f ms%s",
                   tty ? "\r" : "", t, static_cast<long long>(ok), static_cast<long long>(errors),
                   ok / t, Percentile(lat, 0.5), tty ? "   " : "\n");
    }
  });
  for (std::thread& t : clients) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - begin);
  done.store(true);
  progress.join();
  if (isatty(fileno(stderr))) std::fprintf(stderr, "\n");

  absl::MutexLock lock(&rec.mu);
  std::vector<double> lat, server_total, queue, inference, batch;
  int64_t tokens_sent = 0;
  double batch_sum = 0;
  for (const Sample& s : rec.ok) {
    tokens_sent += s.tokens;
    batch_sum += static_cast<double>(s.batch_sequences);
    lat.push_back(s.latency_ms);
    server_total.push_back(s.server_total_ns / 1e6);
    queue.push_back(s.queue_ns / 1e6);
    inference.push_back(s.inference_ns / 1e6);
    batch.push_back(static_cast<double>(s.batch_sequences));
  }
  int64_t errors = 0;
  std::string by_code;
  for (const auto& [code, n] : rec.errors) {
    errors += n;
    absl::StrAppend(&by_code, by_code.empty() ? "" : " ", code, "=", n);
  }
  const double rps = rec.ok.size() / seconds;
  const double seq_per_request = qa ? 1 : static_cast<double>(*texts_per_request);
  const double tokens_per_s = static_cast<double>(tokens_sent) / seconds;
  const double batch_mean = rec.ok.empty() ? 0 : batch_sum / static_cast<double>(rec.ok.size());
  const std::string tokens_spec = lengths_path ? absl::StrFormat("lengths:%d", lengths.size())
                                  : min_tokens == max_tokens
                                      ? absl::StrCat(min_tokens)
                                      : absl::StrFormat("%d-%d", min_tokens, max_tokens);
  if (args->Has("json")) {
    std::printf(
        "{\"model\": \"%s\", \"method\": \"%s\", \"concurrency\": %lld, \"tokens\": \"%s\", "
        "\"seconds\": %.3f, \"ok\": %zu, \"errors\": %lld, \"rps\": %.3f, "
        "\"sequences_per_s\": %.3f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
        "\"server_p50_ms\": %.3f, \"queue_p50_ms\": %.3f, \"inference_p50_ms\": %.3f, "
        "\"batch_p50\": %.0f, \"batch_mean\": %.2f, \"tokens_per_s\": %.1f}\n",
        model.c_str(), qa ? "Answer" : "Classify", static_cast<long long>(*concurrency),
        tokens_spec.c_str(), seconds, rec.ok.size(), static_cast<long long>(errors), rps,
        rps * seq_per_request, Percentile(lat, 0.5), Percentile(lat, 0.9), Percentile(lat, 0.99),
        Percentile(server_total, 0.5), Percentile(queue, 0.5), Percentile(inference, 0.5),
        Percentile(batch, 0.5), batch_mean, tokens_per_s);
    return errors > 0 ? 1 : 0;
  }
  if (lengths_path) {
    std::printf("bench: model %s (%s), %lld client(s), %.1f s, tokens per %s as listed in %s\n",
                model.c_str(), qa ? "Answer" : "Classify", static_cast<long long>(*concurrency),
                seconds, qa ? "question+context" : "text", lengths_path->c_str());
  } else {
    std::printf("bench: model %s (%s), %lld client(s), %.1f s, %s tokens per %s\n", model.c_str(),
                qa ? "Answer" : "Classify", static_cast<long long>(*concurrency), seconds,
                tokens_spec.c_str(), qa ? "question+context" : "text");
  }
  std::printf("  requests: %zu ok, %lld errors%s%s\n", rec.ok.size(),
              static_cast<long long>(errors), by_code.empty() ? "" : " by code: ", by_code.c_str());
  if (!rec.first_error.empty()) std::printf("  first error: %s\n", rec.first_error.c_str());
  std::printf("  throughput: %.1f req/s, %.1f sequences/s, %.0f tokens/s\n", rps,
              rps * seq_per_request, tokens_per_s);
  std::printf("  latency (client): p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
              Percentile(lat, 0.5), Percentile(lat, 0.9), Percentile(lat, 0.99),
              Percentile(lat, 1.0));
  std::printf(
      "  server p50: total %.2f ms  queue %.2f ms  inference %.2f ms; batch size p50 %.0f "
      "mean %.2f max %.0f\n",
      Percentile(server_total, 0.5), Percentile(queue, 0.5), Percentile(inference, 0.5),
      Percentile(batch, 0.5), batch_mean, Percentile(batch, 1.0));
  std::printf(
      "RESULT concurrency=%lld ok=%zu errors=%lld seconds=%.2f rps=%.2f p50_ms=%.3f p90_ms=%.3f "
      "p99_ms=%.3f server_p50_ms=%.3f inference_p50_ms=%.3f queue_p50_ms=%.3f batch_p50=%.0f "
      "batch_mean=%.2f batch_max=%.0f sequences_per_s=%.2f tokens_per_s=%.1f ok_sequences=%lld "
      "ok_tokens=%lld\n",
      static_cast<long long>(*concurrency), rec.ok.size(), static_cast<long long>(errors), seconds,
      rps, Percentile(lat, 0.5), Percentile(lat, 0.9), Percentile(lat, 0.99),
      Percentile(server_total, 0.5), Percentile(inference, 0.5), Percentile(queue, 0.5),
      Percentile(batch, 0.5), batch_mean, Percentile(batch, 1.0), rps * seq_per_request,
      tokens_per_s, static_cast<long long>(rec.ok.size()) * static_cast<long long>(seq_per_request),
      static_cast<long long>(tokens_sent));
  return errors > 0 ? 1 : 0;
}

}  // namespace octet::cli
