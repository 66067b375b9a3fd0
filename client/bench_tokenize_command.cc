// `octet bench-tokenize`: tokenizer throughput on 64 KiB inputs of different kinds, and the cost
// per MB of one word as it grows from 16 KiB to 1 MiB (a run without spaces is one word for
// byte-level BPE and WordPiece alike: its cost must stay about linear).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/args.h"
#include "client/commands.h"
#include "core/tokenizer/tokenizer.h"

namespace octet::cli {
namespace {

// `unit` repeated up to `bytes` (whole units only).
std::string Repeat(const std::string& unit, size_t bytes) {
  std::string out;
  while (out.size() + unit.size() <= bytes) out += unit;
  return out;
}

// The fastest of `iters` encodings of `text`, in seconds, and its token count.
std::pair<double, size_t> Time(const Tokenizer& tokenizer, const std::string& text, int iters) {
  double best = 1e30;
  size_t tokens = 0;
  EncodeOptions options;
  for (int i = 0; i < iters; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto enc = tokenizer.Encode(text, options);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, s);
    if (enc.ok()) tokens = enc->size();
  }
  return {best, tokens};
}

}  // namespace

int BenchTokenizeCommand(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 0, {"model", "iters"}, {});
  if (!args.ok()) return Fail(args.status(), 2);
  auto dir = args->Get("model");
  if (!dir) return Fail(absl::InvalidArgumentError("bench-tokenize needs --model DIR"), 2);
  auto iters = args->GetInt("iters", 5);
  if (!iters.ok()) return Fail(iters.status(), 2);
  if (*iters < 1) return Fail(absl::InvalidArgumentError("--iters must be >= 1"), 2);
  const absl::Time load_start = absl::Now();
  auto tokenizer = Tokenizer::FromDirectory(*dir);
  if (!tokenizer.ok()) return Fail(tokenizer.status());
  const double load_ms = absl::ToDoubleMilliseconds(absl::Now() - load_start);
  std::printf("load: %.1f ms, %lld ids\n", load_ms,
              static_cast<long long>((*tokenizer)->vocab_size()));
  const int n = static_cast<int>(*iters);
  constexpr size_t k64 = size_t{64} * 1024;

  const std::vector<std::pair<const char*, std::string>> inputs = {
      {"english prose",
       Repeat("The quick brown fox jumps over the lazy dog, again and again. ", k64)},
      {"accented latin", Repeat("Crème brûlée à la façon de Zoë, déjà vu. ", k64)},
      {"cjk", Repeat("東京都は日本の首都であり、人口が多い。", k64)},
      {"emoji", Repeat("🙂👍🏽 👨‍👩‍👧 ", k64)},
      {"no spaces (one word)", Repeat("ab", k64)},
  };
  std::printf("%-22s %10s %8s %10s %10s\n", "input (64 KiB)", "ms", "tokens", "MB/s", "ms/MB");
  for (const auto& [name, text] : inputs) {
    const auto [s, tokens] = Time(**tokenizer, text, n);
    const double mb = static_cast<double>(text.size()) / (1024.0 * 1024.0);
    std::printf("%-22s %10.2f %8zu %10.1f %10.1f\n", name, s * 1e3, tokens, mb / s, s * 1e3 / mb);
  }
  // Cost per MB of one word (a run without spaces) as it grows: about flat when the cost is
  // linear in the word's length (large inputs also pay the first touch of fresh memory).
  std::string result = absl::StrFormat("RESULT load_ms=%.1f long_word_ms_per_mb", load_ms);
  for (const size_t kib : {16, 64, 256, 1024}) {
    const std::string word = Repeat("ab", kib * 1024);
    const auto [s, tokens] = Time(**tokenizer, word, n);
    const double mb = static_cast<double>(word.size()) / (1024.0 * 1024.0);
    std::printf("one word of %4zu KiB   %10.2f %8zu %10.1f %10.1f\n", kib, s * 1e3, tokens, mb / s,
                s * 1e3 / mb);
    absl::StrAppendFormat(&result, " %zuk=%.1f", kib, s * 1e3 / mb);
  }
  std::printf("%s\n", result.c_str());
  return 0;
}

}  // namespace octet::cli
