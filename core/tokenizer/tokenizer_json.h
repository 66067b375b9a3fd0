#pragma once
// Parsing of the Hugging Face tokenizer files: tokenizer.json (into a TokenizerSpec) and
// tokenizer_config.json (the keys BertTokenizer / BertTokenizerFast read).

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/tokenizer/tokenizer.h"

namespace octet {

/// Reads a tokenizer.json and builds its pieces: each of `model`, `normalizer`, `pre_tokenizer`
/// and `post_processor` through the table of its section in tokenizer_json.cc (today a WordPiece
/// or BPE model, with or without "type"; a BertNormalizer or null normalizer; a BertPreTokenizer
/// or ByteLevel pre-tokenizer; a TemplateProcessing / BertProcessing / RobertaProcessing /
/// ByteLevel / null post-processor), then added_tokens. An unknown
/// "type" is refused naming the section and what it holds. "truncation" and "padding" are
/// ignored (they only seed transformers' per-call defaults). Errors name the file and the field.
absl::StatusOr<TokenizerSpec> ReadTokenizerJson(const std::string& path);

/// The tokenizer_config.json keys that matter here; unset when absent.
struct TokenizerConfig {
  std::optional<bool> do_lower_case;
  /// Whether "strip_accents" is present (its value may be null = follow lowercase).
  bool has_strip_accents = false;
  std::optional<bool> strip_accents;
  std::optional<bool> tokenize_chinese_chars;
  /// Only plausible values (1 ≤ n ≤ 2^31 − 1); transformers' 1e30 "no limit" is dropped.
  std::optional<int64_t> model_max_length;
  /// RobertaTokenizerFast's flags for its ByteLevel pre-tokenizer and RobertaProcessing.
  std::optional<bool> add_prefix_space;
  std::optional<bool> trim_offsets;
  /// cls_token, sep_token, pad_token, unk_token, mask_token as the file names them (a string or
  /// an AddedToken object with "content"); unset when absent.
  std::optional<std::string> cls, sep, pad, unk, mask;

  /// `defaults` with the names this file sets.
  SpecialTokenNames Names(SpecialTokenNames defaults) const;
  /// Every key `other` sets replaces ours.
  void Update(const TokenizerConfig& other);
};

/// Reads a tokenizer_config.json (or a special_tokens_map.json, which holds the same name keys).
/// Errors name the file and the field.
absl::StatusOr<TokenizerConfig> ReadTokenizerConfig(const std::string& path);

}  // namespace octet
