#pragma once
// The tokenizer pipeline, reproducing Hugging Face `tokenizers` (the Rust fast tokenizer): added
// tokens → normalizer → pre-tokenizer → model → truncation → post-processor. Each stage is an
// interface in its own sub-folder (normalizers/, pre_tokenizers/, models/, processors/); the
// loaders pick the implementations. Offsets point into the original, un-normalized text.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/added_vocabulary.h"
#include "core/tokenizer/models/model.h"
#include "core/tokenizer/normalizers/bert_normalizer.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"
#include "core/tokenizer/processors/post_processor.h"
#include "core/tokenizer/tokenizer_encoding.h"

namespace octet {

/// Names of the special tokens behind cls_id() / sep_id() / pad_id() / unk_id() / mask_id().
/// A name the vocabulary does not have falls back to the RoBERTa / SentencePiece one (`<s>`,
/// `</s>`, `<pad>`, `<unk>`, `<mask>`).
struct SpecialTokenNames {
  std::string cls = "[CLS]";
  std::string sep = "[SEP]";
  std::string pad = "[PAD]";
  std::string unk = "[UNK]";
  std::string mask = "[MASK]";
};

/// Everything that defines a tokenizer: one piece per pipeline stage, as the loaders build them.
/// Use it directly for custom setups (e.g. a different set of added tokens).
struct TokenizerSpec {
  /// Null = no normalizer (tokenizer.json `"normalizer": null`).
  std::unique_ptr<Normalizer> normalizer;
  /// Null = no pre-tokenizer: each piece between added tokens is one word.
  std::unique_ptr<PreTokenizer> pre_tokenizer;
  /// Required.
  std::unique_ptr<TokenizerModel> model;
  /// Null = no post-processor (no special tokens are ever added; type ids 0 and 1).
  std::unique_ptr<PostProcessor> post_processor;
  /// Matched in the text before normalization (or after, for normalized = true), kept whole.
  std::vector<AddedToken> added_tokens;
  int64_t model_max_length = 512;
  SpecialTokenNames special_names;
};

/// One pre-tokenized word (what the model receives), for inspection and tests.
struct PreToken {
  /// Normalized text of the word (an added token's matched text).
  std::string text;
  std::array<int64_t, 2> offsets = {0, 0};       // code points into the original text
  std::array<int64_t, 2> byte_offsets = {0, 0};  // UTF-8 bytes into the original text
  /// Id of the added token this word is, or -1 for an ordinary word.
  int32_t added_id = -1;
};

/// A loaded tokenizer. Immutable and thread-safe after loading.
class Tokenizer {
 public:
  /// Loads a HF model folder: tokenizer.json if present (tokenizer_config.json's do_lower_case /
  /// strip_accents / tokenize_chinese_chars override a BertNormalizer, as BertTokenizerFast does,
  /// and add_prefix_space / trim_offsets a ByteLevel pre-tokenizer and RobertaProcessing, as
  /// RobertaTokenizerFast does; only keys present in the config override), else the files of a
  /// slow tokenizer: vocab.txt (BERT WordPiece) or vocab.json + merges.txt (RoBERTa byte-level
  /// BPE), with tokenizer_config.json / special_tokens_map.json. Errors name the file.
  static absl::StatusOr<std::unique_ptr<Tokenizer>> FromDirectory(const std::string& dir);
  /// Loads a tokenizer.json: each section's "type" must be one the reader knows (see
  /// tokenizer_json.h).
  static absl::StatusOr<std::unique_ptr<Tokenizer>> FromTokenizerJson(const std::string& path);
  /// Loads a vocab.txt the way transformers converts BertTokenizer (BertConverter): WordPiece
  /// with [UNK], the special tokens [PAD] [UNK] [CLS] [SEP] [MASK] that the vocabulary has, and
  /// the [CLS] A [SEP] (B [SEP]) template.
  static absl::StatusOr<std::unique_ptr<Tokenizer>> FromVocabFile(const std::string& path,
                                                                  const NormalizerOptions& options);
  /// Same from token strings (id = index).
  static absl::StatusOr<std::unique_ptr<Tokenizer>> FromVocab(std::vector<std::string> tokens,
                                                              const NormalizerOptions& options);
  /// Builds a tokenizer from its pieces (InvalidArgument without a model).
  static absl::StatusOr<std::unique_ptr<Tokenizer>> FromSpec(TokenizerSpec spec);

  /// Invalid UTF-8 → InvalidArgument naming the byte offset. Truncation that cannot be satisfied
  /// (e.g. only_second with a too-long first text, stride >= window budget) → InvalidArgument
  /// saying expected vs got.
  absl::StatusOr<Encoding> Encode(std::string_view text, const EncodeOptions& options) const;
  absl::StatusOr<Encoding> EncodePair(std::string_view first, std::string_view second,
                                      const EncodeOptions& options) const;

  /// The words the model would receive (after added-token matching, normalization and
  /// pre-tokenization), with their original offsets.
  absl::StatusOr<std::vector<PreToken>> PreTokenize(std::string_view text) const;

  /// Number of ids (vocabulary plus added tokens beyond it).
  int64_t vocab_size() const;
  /// Ids of the special tokens; -1 when the tokenizer has no such token.
  int32_t cls_id() const { return cls_id_; }
  int32_t sep_id() const { return sep_id_; }
  int32_t pad_id() const { return pad_id_; }
  int32_t unk_id() const { return unk_id_; }
  int32_t mask_id() const { return mask_id_; }
  /// From tokenizer_config.json "model_max_length" (absurd values such as 1e30 ignored), else 512.
  int64_t model_max_length() const { return model_max_length_; }
  /// Added tokens first, then the vocabulary.
  std::optional<int32_t> TokenToId(std::string_view token) const;
  /// Empty string for unknown ids.
  const std::string& IdToToken(int32_t id) const;

  /// The normalizer (null when the tokenizer has none).
  const Normalizer* normalizer() const { return normalizer_.get(); }
  /// The pre-tokenizer (null when the tokenizer has none).
  const PreTokenizer* pre_tokenizer() const { return pre_tokenizer_.get(); }
  const TokenizerModel& model() const { return *model_; }
  const PostProcessor& post_processor() const { return *post_processor_; }
  const AddedVocabulary& added_vocabulary() const { return added_; }

 private:
  Tokenizer() = default;
  // Tokenizes one text into an encoding without special tokens (type id = sequence id = index).
  absl::StatusOr<Encoding> EncodeSequence(std::string_view text, int32_t index) const;
  absl::StatusOr<Encoding> EncodeImpl(std::string_view first, const std::string_view* second,
                                      const EncodeOptions& options) const;

  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> pre_tokenizer_;
  std::unique_ptr<TokenizerModel> model_;
  AddedVocabulary added_;
  std::unique_ptr<PostProcessor> post_processor_;  // never null (a no-op template at worst)
  int64_t model_max_length_ = 512;
  int32_t cls_id_ = -1, sep_id_ = -1, pad_id_ = -1, unk_id_ = -1, mask_id_ = -1;
};

}  // namespace octet
