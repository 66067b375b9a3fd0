// Fuzzes tokenizer.json loading (Tokenizer::FromTokenizerJson); a tokenizer that loads must
// then encode a fixed text and a pair without crashing and with consistent output arrays.

#include <cstddef>
#include <cstdint>

#include "core/tokenizer/tokenizer.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = octet::fuzz::WriteScratchFile("tokenizer.json", data, size);
  auto tokenizer = octet::Tokenizer::FromTokenizerJson(path);
  if (!tokenizer.ok()) return 0;
  octet::EncodeOptions options;
  options.max_length = 16;
  options.return_overflowing = true;
  options.stride = 2;
  auto single = (*tokenizer)->Encode("Héllo, wörld! [MASK] 東京 unaffable", options);
  auto pair = (*tokenizer)->EncodePair("a question?", "some context, with words", options);
  for (const auto* enc : {&single, &pair}) {
    if (!enc->ok()) continue;
    const octet::Encoding& e = **enc;
    if (e.type_ids.size() != e.size() || e.offsets.size() != e.size() ||
        e.tokens.size() != e.size() || e.sequence_ids.size() != e.size()) {
      __builtin_trap();
    }
    for (int32_t id : e.ids) {
      if (id < 0 || id >= (*tokenizer)->vocab_size()) __builtin_trap();
    }
  }
  return 0;
}
