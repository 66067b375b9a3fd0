// Tokenizer loading: model directories, tokenizer.json, vocab.txt.

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/tokenizer_json.h"

namespace octet {
namespace {

// Prefixes a non-OK status with the file it concerns.
absl::Status InFile(const std::string& path, const absl::Status& s) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
}

bool FileExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// What transformers' BertConverter builds from a BertTokenizer.
absl::StatusOr<TokenizerSpec> SpecFromVocab(std::vector<std::string> tokens,
                                            const NormalizerOptions& options,
                                            const SpecialTokenNames& names) {
  // A duplicated token maps to its last id, as in Vocab.
  const auto find = [&tokens](const std::string& name) -> std::optional<int32_t> {
    for (size_t i = tokens.size(); i-- > 0;) {
      if (tokens[i] == name) return static_cast<int32_t>(i);
    }
    return std::nullopt;
  };
  if (!find(names.unk).has_value()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the vocabulary has no unk token \"%s\" (expected it among the %d entries)",
                        names.unk, tokens.size()));
  }
  const std::optional<int32_t> cls = find(names.cls), sep = find(names.sep);
  if (!cls.has_value() || !sep.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the vocabulary has no %s token, which the [CLS] A [SEP] template needs",
                        cls.has_value() ? names.sep : names.cls));
  }
  TokenizerSpec spec;
  spec.normalizer = options;
  spec.wordpiece.unk_token = names.unk;
  for (const std::string* name : {&names.pad, &names.unk, &names.cls, &names.sep, &names.mask}) {
    if (const auto id = find(*name)) spec.added_tokens.push_back({*name, *id, /*special=*/true});
  }
  spec.post_processor = PostProcessorSpec::Bert(names.cls, *cls, names.sep, *sep);
  spec.special_names = names;
  spec.vocab = std::move(tokens);
  return spec;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::FromVocab(std::vector<std::string> tokens,
                                                                const NormalizerOptions& options) {
  OCTET_ASSIGN_OR_RETURN(TokenizerSpec spec,
                         SpecFromVocab(std::move(tokens), options, SpecialTokenNames()));
  return FromSpec(std::move(spec));
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::FromVocabFile(
    const std::string& path, const NormalizerOptions& options) {
  OCTET_ASSIGN_OR_RETURN(std::vector<std::string> tokens, ReadVocabFile(path));
  auto spec = SpecFromVocab(std::move(tokens), options, SpecialTokenNames());
  if (!spec.ok()) return InFile(path, spec.status());
  auto tokenizer = FromSpec(*std::move(spec));
  if (!tokenizer.ok()) return InFile(path, tokenizer.status());
  return tokenizer;
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::FromTokenizerJson(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(TokenizerSpec spec, ReadTokenizerJson(path));
  auto tokenizer = FromSpec(std::move(spec));
  if (!tokenizer.ok()) return InFile(path, tokenizer.status());
  return tokenizer;
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::FromDirectory(const std::string& dir) {
  const std::filesystem::path root(dir);
  const std::string json_path = (root / "tokenizer.json").string();
  const std::string vocab_path = (root / "vocab.txt").string();
  const std::string config_path = (root / "tokenizer_config.json").string();
  TokenizerConfig config;
  if (FileExists(config_path)) {
    OCTET_ASSIGN_OR_RETURN(config, ReadTokenizerConfig(config_path));
  }
  TokenizerSpec spec;
  std::string source;
  if (FileExists(json_path)) {
    source = json_path;
    OCTET_ASSIGN_OR_RETURN(spec, ReadTokenizerJson(json_path));
    // BertTokenizerFast.__init__: tokenizer_config.json's flags replace the normalizer's.
    if (spec.normalizer.has_value()) {
      NormalizerOptions& n = *spec.normalizer;
      if (config.do_lower_case.has_value()) n.lowercase = *config.do_lower_case;
      if (config.has_strip_accents) n.strip_accents = config.strip_accents;
      if (config.tokenize_chinese_chars.has_value()) {
        n.handle_chinese_chars = *config.tokenize_chinese_chars;
      }
    }
    spec.special_names = config.names;
  } else if (FileExists(vocab_path)) {
    source = vocab_path;
    NormalizerOptions options;  // BertTokenizer defaults: lowercase, CJK spacing, accents follow
    options.lowercase = config.do_lower_case.value_or(true);
    options.strip_accents = config.strip_accents;
    options.handle_chinese_chars = config.tokenize_chinese_chars.value_or(true);
    OCTET_ASSIGN_OR_RETURN(std::vector<std::string> tokens, ReadVocabFile(vocab_path));
    auto from_vocab = SpecFromVocab(std::move(tokens), options, config.names);
    if (!from_vocab.ok()) return InFile(vocab_path, from_vocab.status());
    spec = *std::move(from_vocab);
  } else {
    return absl::NotFoundError(
        absl::StrFormat("%s: no tokenizer.json or vocab.txt in the model directory", dir));
  }
  spec.model_max_length = config.model_max_length.value_or(512);
  auto tokenizer = FromSpec(std::move(spec));
  if (!tokenizer.ok()) return InFile(source, tokenizer.status());
  return tokenizer;
}

}  // namespace octet
