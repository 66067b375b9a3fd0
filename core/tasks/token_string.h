#pragma once
// Tokens back to a string, as a Hugging Face fast tokenizer's convert_tokens_to_string does it
// with the decoder that matches the tokenizer: WordPiece (continuation prefix "##" removed, a
// space before every other token, then the decoder's cleanup of spaces before punctuation and
// contractions), ByteLevel (byte characters back to UTF-8, invalid bytes as U+FFFD), Metaspace
// ("▁" back to a space, none at the start) or plain concatenation. The token-classification
// pipeline builds its entities' `word` with it.

#include <string>
#include <vector>

#include "core/tokenizer/tokenizer.h"

namespace octet {

enum class TokenDecoder { kWordPiece, kByteLevel, kMetaspace, kConcatenate };

/// The decoder a tokenizer's Hugging Face counterpart would use: kWordPiece for a WordPiece
/// model, else kByteLevel / kMetaspace by the pre-tokenizer (also inside a Sequence), else
/// kConcatenate.
TokenDecoder DecoderOf(const Tokenizer& tokenizer);

/// True when the tokenizer's model marks continuation pieces with a prefix (WordPiece's "##", a
/// BPE's continuing_subword_prefix): the pipeline then tells subwords by their length.
bool HasContinuingSubwordPrefix(const Tokenizer& tokenizer);

/// convert_tokens_to_string(tokens) with `decoder`.
std::string TokensToString(const std::vector<std::string>& tokens, TokenDecoder decoder);

}  // namespace octet
