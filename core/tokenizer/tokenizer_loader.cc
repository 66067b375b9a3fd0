// Tokenizer loading: model directories, tokenizer.json, vocab.txt.

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/deberta_spm.h"
#include "core/tokenizer/json_util.h"
#include "core/tokenizer/models/bpe.h"
#include "core/tokenizer/models/vocab.h"
#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/normalizers/bert_normalizer.h"
#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"
#include "core/tokenizer/pre_tokenizers/byte_level.h"
#include "core/tokenizer/processors/roberta_processor.h"
#include "core/tokenizer/processors/template_processor.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/tokenizer_json.h"
#include "nlohmann/json.hpp"

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
  auto spec = SpecFromVocab(std::move(tokens), options, config.Names(SpecialTokenNames()));
  if (!spec.ok()) return InFile(path, spec.status());
  return spec;
}

// RobertaTokenizerFast.__init__: tokenizer_config.json's add_prefix_space / trim_offsets replace
// those of a ByteLevel pre-tokenizer and a RobertaProcessing (only the keys the config has).
absl::Status OverrideByteLevel(const TokenizerConfig& config, TokenizerSpec* spec) {
  if (const auto* byte_level =
          dynamic_cast<const ByteLevelPreTokenizer*>(spec->pre_tokenizer.get());
      byte_level != nullptr && config.add_prefix_space.has_value()) {
    ByteLevelOptions o = byte_level->options();
    o.add_prefix_space = *config.add_prefix_space;
    spec->pre_tokenizer = std::make_unique<ByteLevelPreTokenizer>(o);
  }
  const auto* roberta = dynamic_cast<const RobertaProcessor*>(spec->post_processor.get());
  if (roberta != nullptr &&
      (config.add_prefix_space.has_value() || config.trim_offsets.has_value())) {
    RobertaSpec r = roberta->spec();
    r.add_prefix_space = config.add_prefix_space.value_or(r.add_prefix_space);
    r.trim_offsets = config.trim_offsets.value_or(r.trim_offsets);
    OCTET_ASSIGN_OR_RETURN(spec->post_processor, RobertaProcessor::Create(std::move(r)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open the file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// merges.txt: an optional "#version" line, then one "a b" merge per line, in rank order.
absl::StatusOr<nlohmann::json> ReadMergesFile(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  nlohmann::json merges = nlohmann::json::array();
  size_t line_number = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.substr(0, 8) == "#version") continue;
    if (absl::StatusOr<std::pair<std::string, std::string>> pair = ParseMergeLine(line);
        !pair.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: line %d: %s", path, line_number, pair.status().message()));
    }
    merges.push_back(std::string(line));
  }
  return merges;
}

// What transformers' RobertaConverter builds from a RobertaTokenizer (vocab.json + merges.txt):
// byte-level BPE without an unk token, ByteLevel pre-tokenizer (add_prefix_space from the config,
// default false), RobertaProcessing with trim_offsets, and the special tokens the vocabulary
// has (the mask token absorbs the whitespace before it).
absl::StatusOr<TokenizerSpec> SpecFromVocabJson(const std::string& path,
                                                const TokenizerConfig& config) {
  const std::string merges_path =
      (std::filesystem::path(path).parent_path() / "merges.txt").string();
  if (!FileExists(merges_path)) {
    return absl::NotFoundError(absl::StrFormat(
        "%s: a vocab.json (byte-level BPE) needs merges.txt beside it; it is missing", path));
  }
  OCTET_ASSIGN_OR_RETURN(std::string vocab_text, ReadText(path));
  nlohmann::json model = {{"type", "BPE"}};
  model["vocab"] = nlohmann::json::parse(vocab_text, nullptr, /*allow_exceptions=*/false);
  if (model["vocab"].is_discarded()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: not valid JSON", path));
  }
  OCTET_ASSIGN_OR_RETURN(model["merges"], ReadMergesFile(merges_path));
  TokenizerSpec spec;
  OCTET_ASSIGN_OR_RETURN(spec.model, Bpe::FromJson(model, path));
  const SpecialTokenNames names =
      config.Names({/*cls=*/"<s>", /*sep=*/"</s>", /*pad=*/"<pad>", /*unk=*/"<unk>",
                    /*mask=*/"<mask>"});
  const std::optional<int32_t> cls = spec.model->TokenToId(names.cls);
  const std::optional<int32_t> sep = spec.model->TokenToId(names.sep);
  if (!cls.has_value() || !sep.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: the vocabulary has no %s token, which the <s> A </s> template needs",
                        path, cls.has_value() ? names.sep : names.cls));
  }
  const bool add_prefix_space = config.add_prefix_space.value_or(false);
  ByteLevelOptions byte_level;
  byte_level.add_prefix_space = add_prefix_space;
  spec.pre_tokenizer = std::make_unique<ByteLevelPreTokenizer>(byte_level);
  RobertaSpec roberta{names.cls,       *cls, names.sep, *sep, config.trim_offsets.value_or(true),
                      add_prefix_space};
  OCTET_ASSIGN_OR_RETURN(spec.post_processor, RobertaProcessor::Create(std::move(roberta)));
  for (const std::string* name : {&names.cls, &names.pad, &names.sep, &names.unk, &names.mask}) {
    const std::optional<int32_t> id = spec.model->TokenToId(*name);
    if (!id.has_value()) continue;
    AddedToken t{*name, *id, /*special=*/true};
    t.lstrip = name == &names.mask;
    spec.added_tokens.push_back(std::move(t));
  }
  spec.special_names = names;
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
    {"vocab.json", &SpecFromVocabJson},
    {"spm.model", &SpecFromDebertaSpmModel},  // DeBERTa-v2 / v3 (core/tokenizer/deberta_spm.h)
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
  // transformers reads special_tokens_map.json and tokenizer_config.json; the names the
  // latter sets win here.
  TokenizerConfig config;
  for (const char* file : {"special_tokens_map.json", "tokenizer_config.json"}) {
    const std::string path = (root / file).string();
    if (!FileExists(path)) continue;
    OCTET_ASSIGN_OR_RETURN(TokenizerConfig c, ReadTokenizerConfig(path));
    config.Update(c);
  }
  TokenizerSpec spec;
  std::string source;
  if (FileExists(json_path)) {
    source = json_path;
    OCTET_ASSIGN_OR_RETURN(spec, ReadTokenizerJson(json_path));
    OverrideBertNormalizer(config, &spec);
    if (absl::Status s = OverrideByteLevel(config, &spec); !s.ok()) return InFile(json_path, s);
    spec.special_names = config.Names(spec.special_names);
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
      // A SentencePiece model alone: transformers converts it at load time; Octet reads the
      // tokenizer.json that conversion writes.
      for (const char* spm : {"sentencepiece.bpe.model", "spiece.model"}) {
        if (FileExists((root / spm).string())) {
          return absl::NotFoundError(absl::StrFormat(
              "%s: %s is a SentencePiece model, which Octet does not read; expected "
              "tokenizer.json beside it (write it once in Python: "
              "AutoTokenizer.from_pretrained(d).save_pretrained(d))",
              dir, spm));
        }
      }
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
