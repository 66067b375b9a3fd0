// Fuzzes text encoding with the bert_cls2 fixture's WordPiece tokenizer, the roberta-base
// byte-level BPE one and the XLM-R-style and DeBERTa-v3-style Unigram ones (SentencePiece
// charsmap, Metaspace, byte fallback): arbitrary bytes (invalid UTF-8 included) as one text or a
// pair, with fuzzed truncation options. Checks the invariants the server relies on: ids in the
// vocabulary, aligned arrays, offsets inside the text.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/tokenizer/tokenizer.h"
#include "fuzz/fuzz_util.h"

namespace {

void CheckEncoding(const octet::Tokenizer& tokenizer, const octet::Encoding& e, size_t first_bytes,
                   size_t second_bytes) {
  const size_t n = e.size();
  if (e.type_ids.size() != n || e.offsets.size() != n || e.byte_offsets.size() != n ||
      e.sequence_ids.size() != n || e.word_ids.size() != n || e.tokens.size() != n) {
    __builtin_trap();
  }
  for (size_t i = 0; i < n; ++i) {
    if (e.ids[i] < 0 || e.ids[i] >= tokenizer.vocab_size()) __builtin_trap();
    const size_t limit = e.sequence_ids[i] == 1 ? second_bytes : first_bytes;
    const auto& b = e.byte_offsets[i];
    if (b[0] < 0 || b[0] > b[1] || static_cast<size_t>(b[1]) > limit) __builtin_trap();
  }
  for (const octet::Encoding& window : e.overflowing) {
    CheckEncoding(tokenizer, window, first_bytes, second_bytes);
  }
}

// The tokenizer folder `dir` (under the fixtures directory), loaded once.
const octet::Tokenizer* Load(const std::string& dir) {
  auto t = octet::Tokenizer::FromDirectory(octet::fuzz::FixtureDir(dir));
  if (!t.ok()) __builtin_trap();
  return t->release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // WordPiece (BERT) and byte-level BPE (roberta-base, with its lstrip <mask> and offset
  // trimming).
  static const octet::Tokenizer* wordpiece = Load("bert_cls2");
  static const octet::Tokenizer* bpe = Load("../tokenizers/roberta-base");
  static const octet::Tokenizer* xlmr = Load("../tokenizers/xlmr-style");
  static const octet::Tokenizer* deberta = Load("../tokenizers/debertav3-style");
  FuzzedDataProvider in(data, size);
  const octet::Tokenizer* tokenizer = in.PickValueInArray({wordpiece, bpe, xlmr, deberta});
  octet::EncodeOptions options;
  options.add_special_tokens = in.ConsumeBool();
  options.max_length = in.ConsumeIntegralInRange<int64_t>(0, 64);
  options.truncation =
      in.PickValueInArray({octet::Truncation::kLongestFirst, octet::Truncation::kOnlyFirst,
                           octet::Truncation::kOnlySecond});
  options.stride = in.ConsumeIntegralInRange<int64_t>(0, 16);
  options.return_overflowing = in.ConsumeBool();
  const bool pair = in.ConsumeBool();
  const std::string first = in.ConsumeRandomLengthString(4096);
  const std::string second = in.ConsumeRemainingBytesAsString();
  auto enc = pair ? tokenizer->EncodePair(first, second, options)
                  : tokenizer->Encode(first + second, options);
  if (enc.ok()) {
    CheckEncoding(*tokenizer, *enc, pair ? first.size() : first.size() + second.size(),
                  second.size());
  }
  return 0;
}
