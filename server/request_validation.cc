#include "server/request_validation.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tasks/zero_shot.h"

namespace octet::server {
namespace {

absl::Status Invalid(const absl::FormatSpec<std::string_view, int64_t, int64_t, int64_t>& format,
                     std::string_view field, int64_t lo, int64_t hi, int64_t got) {
  return absl::InvalidArgumentError(absl::StrFormat(format, field, lo, hi, got));
}

// An optional int32 field: unset → `fallback`; set → must lie in [lo, hi].
absl::Status OptionalInRange(std::string_view field, bool has, int32_t value, int64_t fallback,
                             int64_t lo, int64_t hi, int64_t* out) {
  if (!has) {
    *out = fallback;
    return absl::OkStatus();
  }
  if (value < lo || value > hi) {
    return Invalid("%s: expected %d to %d, got %d", field, lo, hi, value);
  }
  *out = value;
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckText(std::string_view field, std::string_view text, int64_t max_bytes) {
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: expected a non-empty text, got \"\"", field));
  }
  if (static_cast<int64_t>(text.size()) > max_bytes) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: expected at most %d bytes (max_text_bytes), got %d", field, max_bytes, text.size()));
  }
  unicode::DecodedText decoded;
  if (absl::Status s = unicode::DecodeUtf8(text, &decoded); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", field, s.message()));
  }
  return absl::OkStatus();
}

absl::Status ValidateClassify(const v1::ClassifyRequest& request, const RequestLimits& limits,
                              int64_t num_labels) {
  const int64_t n = request.texts_size();
  if (n < 1 || n > limits.max_texts_per_request) {
    return Invalid("%s: expected %d to %d texts (max_texts_per_request), got %d", "texts", 1,
                   limits.max_texts_per_request, n);
  }
  if (request.text_pairs_size() != 0 && request.text_pairs_size() != n) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "text_pairs: expected none or one per text (%d), got %d", n, request.text_pairs_size()));
  }
  for (int64_t i = 0; i < n; ++i) {
    OCTET_RETURN_IF_ERROR(
        CheckText(absl::StrFormat("texts[%d]", i), request.texts(i), limits.max_text_bytes));
  }
  for (int64_t i = 0; i < request.text_pairs_size(); ++i) {
    OCTET_RETURN_IF_ERROR(CheckText(absl::StrFormat("text_pairs[%d]", i), request.text_pairs(i),
                                    limits.max_text_bytes));
  }
  if (request.top_k() < 0 || request.top_k() > num_labels) {
    return Invalid("%s: expected %d (all labels) to %d (the model's label count), got %d", "top_k",
                   0, num_labels, request.top_k());
  }
  if (!v1::ScoreFunction_IsValid(request.function())) {
    return Invalid("%s: expected a ScoreFunction value %d to %d, got %d", "function",
                   v1::ScoreFunction_MIN, v1::ScoreFunction_MAX, request.function());
  }
  return absl::OkStatus();
}

absl::Status ValidateAnswer(const v1::AnswerRequest& request, const RequestLimits& limits,
                            int64_t model_max_tokens, AnswerOptions* options,
                            int64_t* max_question_len) {
  OCTET_RETURN_IF_ERROR(CheckText("question", request.question(), limits.max_text_bytes));
  OCTET_RETURN_IF_ERROR(CheckText("context", request.context(), limits.max_text_bytes));
  // Defaults are the pipeline's, from core/tasks (one definition).
  const AnswerOptions defaults = DefaultAnswerOptions(model_max_tokens);
  absl::Status s = OptionalInRange("top_k", request.has_top_k(), request.top_k(), defaults.top_k, 1,
                                   kMaxAnswerTopK, &options->top_k);
  if (s.ok()) {
    s = OptionalInRange("max_seq_len", request.has_max_seq_len(), request.max_seq_len(),
                        defaults.max_seq_len, 4, model_max_tokens, &options->max_seq_len);
  }
  if (s.ok()) {
    s = OptionalInRange("max_answer_len", request.has_max_answer_len(), request.max_answer_len(),
                        defaults.max_answer_len, 1, options->max_seq_len, &options->max_answer_len);
  }
  if (s.ok()) {
    s = OptionalInRange("doc_stride", request.has_doc_stride(), request.doc_stride(),
                        DefaultDocStride(options->max_seq_len), 0, options->max_seq_len - 1,
                        &options->doc_stride);
  }
  if (s.ok()) {
    s = OptionalInRange("max_question_len", request.has_max_question_len(),
                        request.max_question_len(), 64, 1, options->max_seq_len, max_question_len);
  }
  options->handle_impossible_answer = request.handle_impossible_answer();
  options->align_to_words = true;
  return s;
}

namespace {

absl::Status CheckTexts(const google::protobuf::RepeatedPtrField<std::string>& texts,
                        const RequestLimits& limits) {
  const int64_t n = texts.size();
  if (n < 1 || n > limits.max_texts_per_request) {
    return Invalid("%s: expected %d to %d texts (max_texts_per_request), got %d", "texts", 1,
                   limits.max_texts_per_request, n);
  }
  for (int64_t i = 0; i < n; ++i) {
    OCTET_RETURN_IF_ERROR(CheckText(absl::StrFormat("texts[%d]", i), texts.Get(static_cast<int>(i)),
                                    limits.max_text_bytes));
  }
  return absl::OkStatus();
}

Aggregation FromProto(v1::AggregationStrategy a) {
  switch (a) {
    case v1::AGGREGATION_STRATEGY_SIMPLE:
      return Aggregation::kSimple;
    case v1::AGGREGATION_STRATEGY_FIRST:
      return Aggregation::kFirst;
    case v1::AGGREGATION_STRATEGY_AVERAGE:
      return Aggregation::kAverage;
    case v1::AGGREGATION_STRATEGY_MAX:
      return Aggregation::kMax;
    default:
      return Aggregation::kNone;
  }
}

constexpr int64_t kMaxLabelBytes = 1000;

}  // namespace

absl::Status ValidateTagTokens(const v1::TagTokensRequest& request, const RequestLimits& limits,
                               int64_t model_max_tokens, TokenClassificationOptions* options) {
  OCTET_RETURN_IF_ERROR(CheckTexts(request.texts(), limits));
  if (!v1::AggregationStrategy_IsValid(request.aggregation_strategy())) {
    return Invalid("%s: expected an AggregationStrategy value %d to %d, got %d",
                   "aggregation_strategy", v1::AggregationStrategy_MIN, v1::AggregationStrategy_MAX,
                   request.aggregation_strategy());
  }
  options->aggregation = FromProto(request.aggregation_strategy());
  if (request.keep_all_labels() && request.ignore_labels_size() > 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "ignore_labels: expected none with keep_all_labels, got %d", request.ignore_labels_size()));
  }
  for (int i = 0; i < request.ignore_labels_size(); ++i) {
    const std::string& l = request.ignore_labels(i);
    if (l.empty() || static_cast<int64_t>(l.size()) > kMaxLabelBytes) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "ignore_labels[%d]: expected 1 to %d bytes, got %d", i, kMaxLabelBytes, l.size()));
    }
  }
  if (request.keep_all_labels()) {
    options->ignore_labels.clear();
  } else if (request.ignore_labels_size() > 0) {
    options->ignore_labels.assign(request.ignore_labels().begin(), request.ignore_labels().end());
  }
  options->max_length = model_max_tokens;
  options->stride.reset();
  if (request.has_stride()) {
    // A window keeps max − (special tokens) text tokens and the stride must be smaller than
    // that; max − 4 is safe for every template (RoBERTa's single text adds 2, pairs up to 4).
    const int64_t hi = std::max<int64_t>(0, model_max_tokens - 4);
    if (request.stride() < 0 || request.stride() > hi) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "stride: expected 0 to %d (the model's %d tokens less room for special tokens), got %d",
          hi, model_max_tokens, request.stride()));
    }
    if (options->aggregation == Aggregation::kNone) {
      return absl::InvalidArgumentError(
          "stride: not supported with aggregation_strategy none (as in the pipeline); choose "
          "simple, first, average or max");
    }
    options->stride = request.stride();
  }
  return absl::OkStatus();
}

absl::Status ValidateZeroShot(const v1::ZeroShotClassifyRequest& request,
                              const RequestLimits& limits) {
  OCTET_RETURN_IF_ERROR(CheckTexts(request.texts(), limits));
  const int64_t n = request.candidate_labels_size();
  if (n < 1 || n > limits.max_texts_per_request) {
    return Invalid("%s: expected %d to %d labels (max_texts_per_request), got %d",
                   "candidate_labels", 1, limits.max_texts_per_request, n);
  }
  const int64_t pairs = n * request.texts_size();
  if (pairs > limits.max_texts_per_request) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "candidate_labels: %d texts × %d labels = %d sequences, expected at most %d "
        "(max_texts_per_request); send fewer texts or labels per request",
        request.texts_size(), n, pairs, limits.max_texts_per_request));
  }
  for (int i = 0; i < n; ++i) {
    const std::string& l = request.candidate_labels(i);
    if (l.size() > static_cast<size_t>(kMaxLabelBytes)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "candidate_labels[%d]: expected at most %d bytes, got %d", i, kMaxLabelBytes, l.size()));
    }
    OCTET_RETURN_IF_ERROR(CheckText(absl::StrFormat("candidate_labels[%d]", i), l, kMaxLabelBytes));
    for (int j = 0; j < i; ++j) {
      if (request.candidate_labels(j) == l) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "candidate_labels[%d]: expected distinct labels, got a repeat of candidate_labels[%d]",
            i, j));
      }
    }
  }
  if (request.has_hypothesis_template()) {
    OCTET_RETURN_IF_ERROR(
        CheckText("hypothesis_template", request.hypothesis_template(), limits.max_text_bytes));
    OCTET_RETURN_IF_ERROR(Hypothesis(request.hypothesis_template(), "x").status());
  }
  return absl::OkStatus();
}

absl::Status ValidateRerank(const v1::RerankRequest& request, const RequestLimits& limits) {
  OCTET_RETURN_IF_ERROR(CheckText("query", request.query(), limits.max_text_bytes));
  OCTET_RETURN_IF_ERROR(CheckTexts(request.texts(), limits));
  if (request.top_n() < 0 || request.top_n() > request.texts_size()) {
    return Invalid("%s: expected %d (all) to %d (the number of texts), got %d", "top_n", 0,
                   request.texts_size(), request.top_n());
  }
  return absl::OkStatus();
}

absl::Status ValidateTokenize(const v1::TokenizeRequest& request, const RequestLimits& limits) {
  OCTET_RETURN_IF_ERROR(CheckText("text", request.text(), limits.max_text_bytes));
  if (request.has_text_pair()) {
    OCTET_RETURN_IF_ERROR(CheckText("text_pair", request.text_pair(), limits.max_text_bytes));
  }
  if (request.max_length() < 0 || request.max_length() > 1000000) {
    return Invalid("%s: expected %d (no truncation) to %d, got %d", "max_length", 0, 1000000,
                   request.max_length());
  }
  return absl::OkStatus();
}

}  // namespace octet::server
