// tokenizer.json and tokenizer_config.json parsing. Each tokenizer.json section is read through a
// table of the "type" names we implement; a row points at the implementation's FromJson.

#include "core/tokenizer/tokenizer_json.h"

#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/json_util.h"
#include "core/tokenizer/models/bpe.h"
#include "core/tokenizer/models/unigram.h"
#include "core/tokenizer/models/wordpiece.h"
#include "core/tokenizer/normalizers/bert_normalizer.h"
#include "core/tokenizer/normalizers/lowercase.h"
#include "core/tokenizer/normalizers/precompiled.h"
#include "core/tokenizer/normalizers/replace.h"
#include "core/tokenizer/normalizers/sequence.h"
#include "core/tokenizer/normalizers/strip.h"
#include "core/tokenizer/normalizers/strip_accents.h"
#include "core/tokenizer/normalizers/unicode_forms.h"
#include "core/tokenizer/piece_array_scan.h"
#include "core/tokenizer/pre_tokenizers/bert_pre_tokenizer.h"
#include "core/tokenizer/pre_tokenizers/byte_level.h"
#include "core/tokenizer/pre_tokenizers/metaspace.h"
#include "core/tokenizer/pre_tokenizers/sequence.h"
#include "core/tokenizer/pre_tokenizers/whitespace_split.h"
#include "core/tokenizer/processors/byte_level_processor.h"
#include "core/tokenizer/processors/roberta_processor.h"
#include "core/tokenizer/processors/template_processor.h"

namespace octet {
namespace {

// One row of a section table: a tokenizer.json "type" and the function that reads that object.
template <typename T>
struct Factory {
  const char* type;
  absl::StatusOr<std::unique_ptr<T>> (*from_json)(const Json& j, const std::string& path);
};

// The implementations per section. Adding a normalizer, pre-tokenizer, model or post-processor
// is adding its files in the section's folder and a row here.
const Factory<Normalizer> kNormalizers[] = {
    {"BertNormalizer", &BertNormalizer::FromJson},
    {"Lowercase", &LowercaseNormalizer::FromJson},
    {"NFC", &UnicodeFormNormalizer::NfcFromJson},
    {"NFD", &UnicodeFormNormalizer::NfdFromJson},
    {"NFKC", &UnicodeFormNormalizer::NfkcFromJson},
    {"NFKD", &UnicodeFormNormalizer::NfkdFromJson},
    {"Precompiled", &PrecompiledNormalizer::FromJson},
    {"Replace", &ReplaceNormalizer::FromJson},
    {"Strip", &StripNormalizer::FromJson},
    {"StripAccents", &StripAccentsNormalizer::FromJson},
};
const Factory<PreTokenizer> kPreTokenizers[] = {
    {"BertPreTokenizer", &BertPreTokenizer::FromJson},
    {"ByteLevel", &ByteLevelPreTokenizer::FromJson},
    {"Metaspace", &MetaspacePreTokenizer::FromJson},
    {"WhitespaceSplit", &WhitespaceSplitPreTokenizer::FromJson},
};
const Factory<TokenizerModel> kModels[] = {
    {"WordPiece", &WordPiece::FromJson},
    {"BPE", &Bpe::FromJson},
    {"Unigram", &Unigram::FromJson},
};
const Factory<PostProcessor> kPostProcessors[] = {
    {"TemplateProcessing", &TemplateProcessor::FromJson},
    {"BertProcessing", &TemplateProcessor::FromBertJson},
    {"RobertaProcessing", &RobertaProcessor::FromJson},
    {"ByteLevel", &ByteLevelProcessor::FromJson},
};

// The row for `type`, or null.
template <typename T, size_t N>
const Factory<T>* Find(const Factory<T> (&table)[N], const std::string& type) {
  for (const Factory<T>& row : table) {
    if (type == row.type) return &row;
  }
  return nullptr;
}

// "an" before a name read with a vowel sound (an Unigram is not one, an NFC is), else "a".
std::string Article(std::string_view name) {
  const bool acronym = name.size() > 1 && std::isupper(static_cast<unsigned char>(name[1]));
  const bool vowel_sound =
      acronym ? std::string_view("AEFHILMNORSX").find(name[0]) != std::string_view::npos
              : std::string_view("AEIO").find(name[0]) != std::string_view::npos;
  return vowel_sound ? "an " : "a ";
}

// The table's type names, each between `before` and `after`, after the `first` choices; a
// `before` of "a " becomes the name's article ("a BPE", "an NFC").
template <typename T, size_t N>
std::string Choices(const Factory<T> (&table)[N], std::vector<std::string> first,
                    std::string_view before, std::string_view after) {
  for (const Factory<T>& row : table) {
    const std::string lead = before == "a " ? Article(row.type) : std::string(before);
    first.push_back(absl::StrCat(lead, row.type, std::string(after)));
  }
  return OrList(first);
}

// How deep Sequence sections may nest (real files nest once).
constexpr int kMaxSequenceDepth = 8;

absl::StatusOr<std::unique_ptr<Normalizer>> ReadNormalizer(const Json& j, const std::string& path,
                                                           int depth = 0) {
  if (j.is_null()) return std::unique_ptr<Normalizer>();
  if (TypeOf(j) == "Sequence" && depth < kMaxSequenceDepth) {
    const Json& items = Field(j, "normalizers");
    if (!items.is_array()) return FieldError(path, "normalizer.normalizers", "an array", items);
    std::vector<std::unique_ptr<Normalizer>> steps;
    for (const Json& item : items) {
      if (item.is_null()) return FieldError(path, "normalizer.normalizers[]", "an object", item);
      OCTET_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> step,
                             ReadNormalizer(item, path, depth + 1));
      steps.push_back(std::move(step));
    }
    return std::unique_ptr<Normalizer>(std::make_unique<SequenceNormalizer>(std::move(steps)));
  }
  const Factory<Normalizer>* row = Find(kNormalizers, TypeOf(j));
  if (row == nullptr) {
    return FieldError(path, "normalizer", Choices(kNormalizers, {"null", "a Sequence"}, "a ", ""),
                      j);
  }
  return row->from_json(j, path);
}

absl::StatusOr<std::unique_ptr<PreTokenizer>> ReadPreTokenizer(const Json& j,
                                                               const std::string& path,
                                                               int depth = 0) {
  if (j.is_null()) return std::unique_ptr<PreTokenizer>();
  if (TypeOf(j) == "Sequence" && depth < kMaxSequenceDepth) {
    const Json& items = Field(j, "pretokenizers");
    if (!items.is_array()) {
      return FieldError(path, "pre_tokenizer.pretokenizers", "an array", items);
    }
    std::vector<std::unique_ptr<PreTokenizer>> steps;
    for (const Json& item : items) {
      OCTET_ASSIGN_OR_RETURN(std::unique_ptr<PreTokenizer> step,
                             ReadPreTokenizer(item, path, depth + 1));
      steps.push_back(std::move(step));
    }
    return std::unique_ptr<PreTokenizer>(std::make_unique<SequencePreTokenizer>(std::move(steps)));
  }
  const Factory<PreTokenizer>* row = Find(kPreTokenizers, TypeOf(j));
  if (row == nullptr) {
    return FieldError(path, "pre_tokenizer",
                      Choices(kPreTokenizers, {"null", "a Sequence"}, "a ", ""), j);
  }
  return row->from_json(j, path);
}

absl::StatusOr<std::unique_ptr<TokenizerModel>> ReadModel(const Json& model,
                                                          const std::string& path) {
  if (!model.is_object()) return FieldError(path, "model", "an object", model);
  // Old BERT files have no "type"; HF then tries the model kinds in turn.
  std::string type = TypeOf(model);
  if (type.empty() && Field(model, "type").is_null()) {
    type = model.contains("merges") ? "BPE" : "WordPiece";
  }
  const Factory<TokenizerModel>* row = Find(kModels, type);
  if (row == nullptr) {
    return FieldError(path, "model.type", Choices(kModels, {}, "\"", "\""),
                      Json(type.empty() ? "?" : type));
  }
  return row->from_json(model, path);
}

absl::StatusOr<std::unique_ptr<PostProcessor>> ReadPostProcessor(const Json& j,
                                                                 const std::string& path) {
  if (j.is_null()) return std::unique_ptr<PostProcessor>();
  const Factory<PostProcessor>* row = Find(kPostProcessors, TypeOf(j));
  if (row == nullptr) {
    return FieldError(path, "post_processor", Choices(kPostProcessors, {"null"}, "", ""), j);
  }
  return row->from_json(j, path);
}

absl::StatusOr<AddedToken> ParseAddedToken(const Json& j, const std::string& path) {
  const std::string ctx = "added_tokens[].";
  if (!j.is_object()) return FieldError(path, "added_tokens[]", "an object", j);
  AddedToken t;
  OCTET_ASSIGN_OR_RETURN(int64_t id, GetInt(Field(j, "id"), path, ctx + "id", 0, kMaxTokenId));
  t.id = static_cast<int32_t>(id);
  if (!Field(j, "content").is_string()) {
    return FieldError(path, ctx + "content", "a string", Field(j, "content"));
  }
  t.content = Field(j, "content").get<std::string>();
  OCTET_ASSIGN_OR_RETURN(t.special, GetBool(j, "special", false, path, ctx));
  OCTET_ASSIGN_OR_RETURN(t.single_word, GetBool(j, "single_word", false, path, ctx));
  OCTET_ASSIGN_OR_RETURN(t.lstrip, GetBool(j, "lstrip", false, path, ctx));
  OCTET_ASSIGN_OR_RETURN(t.rstrip, GetBool(j, "rstrip", false, path, ctx));
  OCTET_ASSIGN_OR_RETURN(t.normalized, GetBool(j, "normalized", !t.special, path, ctx));
  return t;
}

}  // namespace

absl::StatusOr<TokenizerSpec> ReadTokenizerJson(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(std::string text, ReadFileText(path));
  TokenizerSpec spec;
  Json j;
  // A Unigram vocabulary (most of a large file) is scanned directly; the rest is parsed with it
  // cut out, and is used only when that shows the cut was exactly `model.vocab`.
  if (std::optional<PieceArray> vocab = ScanPieceArray(text); vocab.has_value()) {
    std::string rest = text.substr(0, vocab->begin);
    rest += "[]";
    rest.append(text, vocab->end);
    auto parsed = ParseJsonText(rest, path);
    if (parsed.ok()) {
      const Json& model = Field(*parsed, "model");
      const Json& cut = model.is_object() ? Field(model, "vocab") : Json();
      if (TypeOf(model) == "Unigram" && cut.is_array() && cut.empty() && !vocab->pieces.empty()) {
        OCTET_ASSIGN_OR_RETURN(spec.model,
                               Unigram::FromJsonPieces(model, std::move(vocab->pieces), path));
        j = *std::move(parsed);
      }
    }
  }
  if (spec.model == nullptr) {
    OCTET_ASSIGN_OR_RETURN(j, ParseJsonText(text, path));
    OCTET_ASSIGN_OR_RETURN(spec.model, ReadModel(Field(j, "model"), path));
  }
  OCTET_ASSIGN_OR_RETURN(spec.normalizer, ReadNormalizer(Field(j, "normalizer"), path));
  OCTET_ASSIGN_OR_RETURN(spec.pre_tokenizer, ReadPreTokenizer(Field(j, "pre_tokenizer"), path));
  OCTET_ASSIGN_OR_RETURN(spec.post_processor, ReadPostProcessor(Field(j, "post_processor"), path));
  const Json& added = Field(j, "added_tokens");
  if (!added.is_array() && !added.is_null()) {
    return FieldError(path, "added_tokens", "an array", added);
  }
  for (const Json& item : added) {
    OCTET_ASSIGN_OR_RETURN(AddedToken t, ParseAddedToken(item, path));
    spec.added_tokens.push_back(std::move(t));
  }
  return spec;
}

absl::StatusOr<TokenizerConfig> ReadTokenizerConfig(const std::string& path) {
  OCTET_ASSIGN_OR_RETURN(Json j, ReadJson(path));
  TokenizerConfig c;
  if (j.contains("do_lower_case")) {
    OCTET_ASSIGN_OR_RETURN(c.do_lower_case, GetBool(j, "do_lower_case", true, path, ""));
  }
  c.has_strip_accents = j.contains("strip_accents");
  OCTET_ASSIGN_OR_RETURN(c.strip_accents, GetNullableBool(j, "strip_accents", path, ""));
  if (j.contains("tokenize_chinese_chars")) {
    OCTET_ASSIGN_OR_RETURN(c.tokenize_chinese_chars,
                           GetBool(j, "tokenize_chinese_chars", true, path, ""));
  }
  if (const auto it = j.find("model_max_length"); it != j.end() && !it->is_null()) {
    if (!it->is_number()) return FieldError(path, "model_max_length", "a number", *it);
    // transformers writes int(1e30) for "no limit"; only plausible lengths are kept.
    const double v = it->get<double>();
    if (v >= 1 && v <= static_cast<double>(kMaxTokenId) && std::floor(v) == v) {
      c.model_max_length = static_cast<int64_t>(v);
    }
  }
  for (auto [key, flag] : {std::pair{"add_prefix_space", &c.add_prefix_space},
                           std::pair{"trim_offsets", &c.trim_offsets}}) {
    if (j.contains(key)) {
      OCTET_ASSIGN_OR_RETURN(bool v, GetBool(j, key, false, path, ""));
      *flag = v;
    }
  }
  for (auto [key, name] : {std::pair{"cls_token", &c.cls}, std::pair{"sep_token", &c.sep},
                           std::pair{"pad_token", &c.pad}, std::pair{"unk_token", &c.unk},
                           std::pair{"mask_token", &c.mask}}) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    // Either "[CLS]" or an AddedToken object {"content": "[CLS]", ...}.
    const Json& v = it->is_object() ? Field(*it, "content") : *it;
    if (!v.is_string()) return FieldError(path, key, "a string or {\"content\": string}", *it);
    *name = v.get<std::string>();
  }
  return c;
}

SpecialTokenNames TokenizerConfig::Names(SpecialTokenNames defaults) const {
  for (auto [mine, out] : {std::pair{&cls, &defaults.cls}, std::pair{&sep, &defaults.sep},
                           std::pair{&pad, &defaults.pad}, std::pair{&unk, &defaults.unk},
                           std::pair{&mask, &defaults.mask}}) {
    if (mine->has_value()) *out = **mine;
  }
  return defaults;
}

void TokenizerConfig::Update(const TokenizerConfig& other) {
  const auto take = [](const auto& from, auto* to) {
    if (from.has_value()) *to = from;
  };
  take(other.do_lower_case, &do_lower_case);
  if (other.has_strip_accents) {
    has_strip_accents = true;
    strip_accents = other.strip_accents;
  }
  take(other.tokenize_chinese_chars, &tokenize_chinese_chars);
  take(other.model_max_length, &model_max_length);
  take(other.add_prefix_space, &add_prefix_space);
  take(other.trim_offsets, &trim_offsets);
  take(other.cls, &cls);
  take(other.sep, &sep);
  take(other.pad, &pad);
  take(other.unk, &unk);
  take(other.mask, &mask);
}

}  // namespace octet
