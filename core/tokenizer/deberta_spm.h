#pragma once
// A DeBERTa-v2 / v3 tokenizer from its SentencePiece model (`spm.model`, with
// tokenizer_config.json and optionally added_tokens.json, as microsoft/deberta-v3-* ship it):
// the Unigram tokenizer transformers' DebertaV2Converter builds when it converts the slow
// DebertaV2Tokenizer to a fast one, so that the folder tokenizes exactly as a tokenizer.json
// saved from that fast tokenizer would:
//   normalizer  Sequence[Lowercase (do_lower_case only), Strip, Precompiled(the model's
//               charsmap, when it has one), Replace(" {2,}" → " ")]
//   pre-tokenizer  Sequence[Metaspace("▁", prepend "always", or "never" without
//               add_dummy_prefix)]
//   model       Unigram(pieces and scores, unk_id, byte_fallback false: the fast tokenizer
//               maps unknown characters to the unknown token, not to byte pieces)
//   template    [CLS] A [SEP] / [CLS] A [SEP] B [SEP] with type ids 0 / 1
//   added       the special tokens; one the model lacks ([MASK]) takes the id added_tokens.json
//               gives it, else the next id after the pieces.
// split_by_punct true (a Punctuation pre-tokenizer) and non-unigram models are refused.

#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/tokenizer_json.h"

namespace octet {

/// Builds the tokenizer of the spm.model at `path`; tokenizer_config.json and
/// added_tokens.json are read from the same folder when present. Errors name the file.
absl::StatusOr<TokenizerSpec> SpecFromDebertaSpmModel(const std::string& path,
                                                      const TokenizerConfig& config);

}  // namespace octet
