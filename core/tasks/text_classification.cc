#include "core/tasks/text_classification.h"

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet {

absl::Status EncodeText(const Tokenizer& tokenizer, const TextInput& input,
                        const TextClassificationOptions& options, EncodedTexts* out) {
  auto encode = [&](const EncodeOptions& encode_options) {
    return input.text_pair ? tokenizer.EncodePair(input.text, *input.text_pair, encode_options)
                           : tokenizer.Encode(input.text, encode_options);
  };
  const int64_t limit = options.max_length;
  EncodeOptions whole;  // no truncation: to count tokens
  EncodeOptions cut;
  cut.max_length = limit;
  cut.truncation = Truncation::kLongestFirst;
  OCTET_ASSIGN_OR_RETURN(const Encoding encoding, encode(options.truncation ? cut : whole));
  const auto tokens = static_cast<int64_t>(encoding.size());
  bool truncated = false;
  if (options.truncation && tokens >= limit) {
    // Only a result at the limit may have lost tokens, so only then is the whole input counted
    // (a huge text of few tokens is tokenized once).
    auto uncut = encode(whole);
    truncated = uncut.ok() && static_cast<int64_t>(uncut->size()) > limit;
  }
  if (tokens > limit) {
    return absl::OutOfRangeError(
        absl::StrFormat("%d tokens, expected at most %d (the model's limit)", tokens, limit));
  }
  out->sequences.Add(encoding.ids, encoding.type_ids);
  out->truncated.push_back(truncated);
  return absl::OkStatus();
}

std::vector<std::vector<LabelScore>> ScoreTexts(const Matrix& logits, const ModelConfig& config,
                                                const TextClassificationOptions& options) {
  std::vector<std::vector<LabelScore>> out;
  out.reserve(static_cast<size_t>(logits.rows));
  for (int64_t r = 0; r < logits.rows; ++r) {
    out.push_back(ScoreLabels(logits.row(r), config, options.function, options.top_k));
  }
  return out;
}

}  // namespace octet
