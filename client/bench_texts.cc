#include "client/bench_texts.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_format.h"
#include "client/rpc_util.h"
#include "core/base/status_macros.h"

namespace octet::cli {
namespace {

// Plain English words; with any BERT vocabulary most are one token each.
constexpr const char* kWords[] = {
    "the",   "service", "was",   "quick", "and",     "the",    "food",   "arrived",  "warm",
    "while", "people",  "at",    "the",   "next",    "table",  "talked", "about",    "a",
    "movie", "they",    "had",   "seen",  "last",    "week",   "in",     "the",      "old",
    "city",  "near",    "the",   "river", "where",   "a",      "small",  "park",     "has",
    "green", "trees",   "good",  "music", "and",     "many",   "happy",  "visitors", "every",
    "day",   "of",      "the",   "year",  "because", "it",     "is",     "free",     "to",
    "walk",  "there",   "after", "work",  "or",      "school", "with",   "friends",  "who",
    "like",  "to",      "play",  "ball",  "on",      "sunny",  "days",   "when",     "the",
    "sky",   "looks",   "blue",  "and",   "clear",   "over",   "the",    "bridge",   "station",
};
constexpr int kNumWords = sizeof(kWords) / sizeof(kWords[0]);

std::string Words(int offset, int64_t n) {
  std::string out;
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0) out += ' ';
    out += kWords[(offset + i * 7) % kNumWords];
  }
  return out;
}

}  // namespace

absl::StatusOr<int64_t> CountTokens(v1::Inference::Stub* stub, const std::string& model,
                                    const std::string& text) {
  v1::TokenizeRequest request;
  request.set_model(model);
  request.set_text(text);
  v1::TokenizeResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status status = stub->Tokenize(&context, request, &response);
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrFormat(
        "Tokenize failed: %s: %s", CodeName(status.error_code()), status.error_message()));
  }
  return response.tokens_size();
}

namespace {

// The longest text of words starting at `offset` whose token count is at most `target` (a text
// alone has [CLS] and [SEP]; after a prefix it shares them, so one more token is allowed: 2
// specials alone vs 3 in a pair, of which the prefix count already includes 2).
absl::StatusOr<std::string> TextOfLength(v1::Inference::Stub* stub, const std::string& model,
                                         int64_t target, int64_t prefix_tokens, int offset) {
  const int64_t allowed = prefix_tokens > 0 ? target + 1 : target;
  int64_t lo = 1, hi = std::max<int64_t>(allowed, 1);
  while (lo < hi) {
    const int64_t mid = (lo + hi + 1) / 2;
    OCTET_ASSIGN_OR_RETURN(const int64_t n, CountTokens(stub, model, Words(offset, mid)));
    if (n <= allowed) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return Words(offset, lo);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> MakeBenchTexts(v1::Inference::Stub* stub,
                                                        const std::string& model,
                                                        int64_t min_tokens, int64_t max_tokens,
                                                        int64_t prefix_tokens, int count) {
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    const int64_t target =
        (count == 1 ? min_tokens : min_tokens + (max_tokens - min_tokens) * i / (count - 1)) -
        prefix_tokens;
    OCTET_ASSIGN_OR_RETURN(std::string text, TextOfLength(stub, model, target, prefix_tokens, i));
    texts.push_back(std::move(text));
  }
  return texts;
}

absl::StatusOr<std::vector<std::string>> MakeTextsOfLengths(v1::Inference::Stub* stub,
                                                            const std::string& model,
                                                            const std::vector<int64_t>& lengths,
                                                            int64_t prefix_tokens) {
  std::map<int64_t, std::string> by_length;
  std::vector<std::string> texts;
  for (const int64_t length : lengths) {
    auto it = by_length.find(length);
    if (it == by_length.end()) {
      OCTET_ASSIGN_OR_RETURN(std::string text,
                             TextOfLength(stub, model, length - prefix_tokens, prefix_tokens,
                                          static_cast<int>(length)));
      it = by_length.emplace(length, std::move(text)).first;
    }
    texts.push_back(it->second);
  }
  return texts;
}

}  // namespace octet::cli
