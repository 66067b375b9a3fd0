// Fuzzes the QA span decoder: a fuzzed question and context are split into windows by the
// distil_qa fixture's tokenizer with fuzzed options, and every window gets fuzzed start/end
// logits (NaN and infinities included). Answers must be substrings of the context at their
// offsets, at most top_k, best first.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/tasks/question_answering.h"
#include "core/tokenizer/tokenizer.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const octet::Tokenizer* tokenizer = [] {
    auto t = octet::Tokenizer::FromDirectory(octet::fuzz::FixtureDir("distil_qa"));
    if (!t.ok()) __builtin_trap();
    return t->release();
  }();
  FuzzedDataProvider in(data, size);
  octet::AnswerOptions options;
  options.top_k = in.ConsumeIntegralInRange<int64_t>(1, 20);
  options.max_answer_len = in.ConsumeIntegralInRange<int64_t>(1, 40);
  options.max_seq_len = in.ConsumeIntegralInRange<int64_t>(8, 64);
  options.doc_stride = in.ConsumeIntegralInRange<int64_t>(0, options.max_seq_len - 1);
  options.handle_impossible_answer = in.ConsumeBool();
  options.align_to_words = in.ConsumeBool();
  const std::string question = in.ConsumeRandomLengthString(64);
  const std::string context = in.ConsumeRandomLengthString(1024);
  auto windows = octet::EncodeQuestionContext(*tokenizer, question, context, options);
  if (!windows.ok() || windows->size() > 64) return 0;
  std::vector<octet::WindowLogits> logits(windows->size());
  for (size_t w = 0; w < windows->size(); ++w) {
    for (std::vector<float>* v : {&logits[w].start, &logits[w].end}) {
      v->resize((*windows)[w].size());
      for (float& x : *v) {
        // Mostly ordinary values; raw bit patterns (NaN, ±inf, denormals) now and then.
        x = in.ConsumeBool() ? in.ConsumeFloatingPointInRange<float>(-20.f, 20.f)
                             : in.ConsumeFloatingPoint<float>();
      }
    }
  }
  const auto answers = octet::DecodeAnswers(*windows, logits, context, options);
  if (static_cast<int64_t>(answers.size()) > options.top_k) __builtin_trap();
  for (size_t i = 0; i < answers.size(); ++i) {
    const octet::AnswerSpan& a = answers[i];
    if (a.byte_start < 0 || a.byte_start > a.byte_end ||
        static_cast<size_t>(a.byte_end) > context.size()) {
      __builtin_trap();
    }
    if (context.compare(a.byte_start, a.byte_end - a.byte_start, a.text) != 0) __builtin_trap();
    if (i > 0 && a.score > answers[i - 1].score) __builtin_trap();
  }
  return 0;
}
