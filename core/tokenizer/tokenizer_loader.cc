// Tokenizer loading: model directories, tokenizer.json, vocab.txt.

#include <filesystem>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/json_util.h"
#include "core/tokenizer/models/vocab.h"
#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/normalizers/bert_normalizer.h"
#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"
#include "core/tokenizer/processors/template_processor.h"
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
  spec.normalizer = std::make_unique<BertNormalizer>(options);
  spec.pre_tokenizer = std::make_unique<BertPreTokenizer>();
  for (const std::string* name : {&names.pad, &names.unk, &names.cls, &names.sep, &names.mask}) {
    if (const auto id = find(*name)) spec.added_tokens.push_back({*name, *id, /*special=*/true});
  }
  OCTET_ASSIGN_OR_RETURN(spec.post_processor, TemplateProcessor::Create(TemplateSpec::Bert(
                                                  names.cls, *cls, names.sep, *sep)));
  spec.special_names = names;
  WordPieceOptions wordpiece;
  wordpiece.unk_token = names.unk;
  OCTET_ASSIGN_OR_RETURN(spec.model, WordPiece::Create(std::make_unique<Vocab>(std::move(tokens)),
                                                       std::move(wordpiece)));
  return spec;
}

// BertTokenizerFast.__init__: tokenizer_config.json's flags replace those of a BertNormalizer
// (only the keys the config has).
void OverrideBertNormalizer(const TokenizerConfig& config, TokenizerSpec* spec) {
  const auto* bert = dynamic_cast<const BertNormalizer*>(spec->normalizer.get());
  if (bert == nullptr) return;
  NormalizerOptions n = bert->options();
  if (config.do_lower_case.has_value()) n.lowercase = *config.do_lower_case;
  if (config.has_strip_accents) n.strip_accents = config.strip_accents;
  if (config.tokenize_chinese_chars.has_value()) {
    n.handle_chinese_chars = *config.tokenize_chinese_chars;
  }
  spec->normalizer = std::make_unique<BertNormalizer>(n);
}

// The vocab.txt of a BertTokenizer checkpoint; BertTokenizer's defaults where the config is
// silent (lowercase, CJK spacing, accents follow lowercase).
absl::StatusOr<TokenizerSpec> SpecFromVocabTxt(const std::string& path,
                                               const TokenizerConfig& config) {
  NormalizerOptions options;
  options.lowercase = config.do_lower_case.value_or(true);
  options.strip_accents = config.strip_accents;
  options.handle_chinese_chars = config.tokenize_chinese_chars.value_or(true);
  OCTET_ASSIGN_OR_RETURN(std::vector<std::string> tokens, ReadVocabFile(path));
  auto spec = SpecFromVocab(std::move(tokens), options, config.names);
  if (!spec.ok()) return InFile(path, spec.status());
  return spec;
}

// A model directory without tokenizer.json: the files of a slow (Python) tokenizer, by the
// file that identifies them. Adding a family's legacy files is a row here.
struct LegacyFormat {
  const char* file;
  absl::StatusOr<TokenizerSpec> (*load)(const std::string& path, const TokenizerConfig& config);
};
const LegacyFormat kLegacyFormats[] = {
    {"vocab.txt", &SpecFromVocabTxt},
};

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
    OverrideBertNormalizer(config, &spec);
    spec.special_names = config.names;
  } else {
    std::vector<std::string> files = {"tokenizer.json"};
    for (const LegacyFormat& format : kLegacyFormats) {
      const std::string path = (root / format.file).string();
      if (!FileExists(path)) {
        files.emplace_back(format.file);
        continue;
      }
      source = path;
      OCTET_ASSIGN_OR_RETURN(spec, format.load(path, config));
      break;
    }
    if (source.empty()) {
      return absl::NotFoundError(
          absl::StrFormat("%s: no %s in the model directory", dir, OrList(files)));
    }
  }
  spec.model_max_length = config.model_max_length.value_or(512);
  auto tokenizer = FromSpec(std::move(spec));
  if (!tokenizer.ok()) return InFile(source, tokenizer.status());
  return tokenizer;
}

}  // namespace octet
