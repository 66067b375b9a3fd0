// tokenizer.json and tokenizer_config.json parsing. nlohmann::json is used without exceptions:
// every access checks the type first.

#include "core/tokenizer/tokenizer_json.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

using Json = nlohmann::json;

absl::Status FieldError(const std::string& path, const std::string& field,
                        const std::string& expected, const Json& got) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: \"%s\": expected %s, got %s", path, field, expected, got.dump()));
}

// obj[key], or null when absent (never throws; `obj` must be an object).
const Json& Field(const Json& obj, const char* key) {
  static const Json* const kNull = new Json();
  const auto it = obj.find(key);
  return it == obj.end() ? *kNull : *it;
}

// The string "type" of an object, or "" (never throws).
std::string TypeOf(const Json& obj) {
  if (!obj.is_object()) return "";
  const Json& t = Field(obj, "type");
  return t.is_string() ? t.get<std::string>() : "";
}

absl::StatusOr<Json> ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  Json j = Json::parse(buffer.str(), /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: malformed JSON", path));
  }
  if (!j.is_object()) return FieldError(path, "<root>", "a JSON object", j);
  return j;
}

// Optional typed fields: absent (or null where noted) → the default.
absl::StatusOr<bool> GetBool(const Json& obj, const char* key, bool dflt, const std::string& path,
                             const std::string& ctx) {
  const auto it = obj.find(key);
  if (it == obj.end()) return dflt;
  if (!it->is_boolean()) return FieldError(path, ctx + key, "a boolean", *it);
  return it->get<bool>();
}

absl::StatusOr<std::optional<bool>> GetNullableBool(const Json& obj, const char* key,
                                                    const std::string& path,
                                                    const std::string& ctx) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return FieldError(path, ctx + key, "a boolean or null", *it);
  return std::optional<bool>(it->get<bool>());
}

absl::StatusOr<std::string> GetString(const Json& obj, const char* key, const std::string& dflt,
                                      const std::string& path, const std::string& ctx) {
  const auto it = obj.find(key);
  if (it == obj.end()) return dflt;
  if (!it->is_string()) return FieldError(path, ctx + key, "a string", *it);
  return it->get<std::string>();
}

absl::StatusOr<int64_t> GetInt(const Json& v, const std::string& path, const std::string& field,
                               int64_t min, int64_t max) {
  const bool ok = v.is_number_unsigned()
                      ? v.get<uint64_t>() <= static_cast<uint64_t>(max)
                      : v.is_number_integer() && v.get<int64_t>() >= min && v.get<int64_t>() <= max;
  if (!ok) return FieldError(path, field, absl::StrFormat("an integer in [%d, %d]", min, max), v);
  return v.get<int64_t>();
}

constexpr int64_t kMaxId = std::numeric_limits<int32_t>::max();

absl::StatusOr<std::optional<NormalizerOptions>> ParseNormalizer(const Json& j,
                                                                 const std::string& path) {
  if (j.is_null()) return std::optional<NormalizerOptions>();
  if (TypeOf(j) != "BertNormalizer") {
    return FieldError(path, "normalizer", "null or a BertNormalizer", j);
  }
  NormalizerOptions o;
  OCTET_ASSIGN_OR_RETURN(o.clean_text, GetBool(j, "clean_text", true, path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(o.handle_chinese_chars,
                         GetBool(j, "handle_chinese_chars", true, path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(o.strip_accents, GetNullableBool(j, "strip_accents", path, "normalizer."));
  OCTET_ASSIGN_OR_RETURN(o.lowercase, GetBool(j, "lowercase", true, path, "normalizer."));
  return std::optional<NormalizerOptions>(o);
}

absl::StatusOr<std::vector<TemplatePiece>> ParseTemplate(const Json& j, const std::string& path,
                                                         const std::string& field) {
  if (!j.is_array()) return FieldError(path, field, "an array of template pieces", j);
  std::vector<TemplatePiece> pieces;
  for (const Json& item : j) {
    TemplatePiece piece;
    const bool special = item.is_object() && item.contains("SpecialToken");
    const bool sequence = item.is_object() && item.contains("Sequence");
    if (special == sequence || item.size() != 1) {
      return FieldError(path, field, "{\"SpecialToken\": ...} or {\"Sequence\": ...}", item);
    }
    const Json& body = special ? item["SpecialToken"] : item["Sequence"];
    if (!body.is_object() || !Field(body, "id").is_string()) {
      return FieldError(path, field, "a piece with a string \"id\"", item);
    }
    const std::string id = Field(body, "id").get<std::string>();
    const Json& type_json = Field(body, "type_id");
    OCTET_ASSIGN_OR_RETURN(int64_t type_id, GetInt(type_json.is_null() ? Json(0) : type_json, path,
                                                   field + ".type_id", 0, kMaxId));
    piece.type_id = static_cast<int32_t>(type_id);
    if (special) {
      piece.kind = TemplatePiece::Kind::kSpecialToken;
      piece.special = id;
    } else if (id == "A" || id == "B") {
      piece.kind = TemplatePiece::Kind::kSequence;
      piece.sequence = id == "A" ? 0 : 1;
    } else {
      return FieldError(path, field, "sequence id \"A\" or \"B\"", item);
    }
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

absl::StatusOr<std::optional<PostProcessorSpec>> ParsePostProcessor(const Json& j,
                                                                    const std::string& path) {
  if (j.is_null()) return std::optional<PostProcessorSpec>();
  const std::string type = TypeOf(j);
  if (type == "BertProcessing") {
    std::pair<std::string, int32_t> cls, sep;
    for (auto [key, out] : {std::pair{"cls", &cls}, std::pair{"sep", &sep}}) {
      const Json& v = Field(j, key);
      if (!v.is_array() || v.size() != 2 || !v[0].is_string()) {
        return FieldError(path, std::string("post_processor.") + key, "[\"token\", id]", v);
      }
      OCTET_ASSIGN_OR_RETURN(int64_t id,
                             GetInt(v[1], path, std::string("post_processor.") + key, 0, kMaxId));
      *out = {v[0].get<std::string>(), static_cast<int32_t>(id)};
    }
    return std::optional<PostProcessorSpec>(
        PostProcessorSpec::Bert(cls.first, cls.second, sep.first, sep.second));
  }
  if (type != "TemplateProcessing") {
    return FieldError(path, "post_processor", "null, TemplateProcessing or BertProcessing", j);
  }
  PostProcessorSpec spec;
  OCTET_ASSIGN_OR_RETURN(spec.single,
                         ParseTemplate(Field(j, "single"), path, "post_processor.single"));
  OCTET_ASSIGN_OR_RETURN(spec.pair, ParseTemplate(Field(j, "pair"), path, "post_processor.pair"));
  const Json& specials = Field(j, "special_tokens");
  if (!specials.is_object() && !specials.is_null()) {
    return FieldError(path, "post_processor.special_tokens", "an object", specials);
  }
  if (specials.is_null()) return std::optional<PostProcessorSpec>(std::move(spec));
  for (const auto& [key, value] : specials.items()) {
    const std::string field = "post_processor.special_tokens." + key;
    TemplateSpecialToken t;
    t.id = key;
    if (!value.is_object() || !Field(value, "ids").is_array() ||
        !Field(value, "tokens").is_array()) {
      return FieldError(path, field, "{\"id\", \"ids\": [...], \"tokens\": [...]}", value);
    }
    for (const Json& id : Field(value, "ids")) {
      OCTET_ASSIGN_OR_RETURN(int64_t v, GetInt(id, path, field + ".ids", 0, kMaxId));
      t.ids.push_back(static_cast<int32_t>(v));
    }
    for (const Json& token : Field(value, "tokens")) {
      if (!token.is_string()) return FieldError(path, field + ".tokens", "strings", token);
      t.tokens.push_back(token.get<std::string>());
    }
    spec.special_tokens.push_back(std::move(t));
  }
  return std::optional<PostProcessorSpec>(std::move(spec));
}

absl::Status ParseModel(const Json& model, const std::string& path, TokenizerSpec* spec) {
  if (!model.is_object()) return FieldError(path, "model", "an object", model);
  // Old BERT files have no "type"; HF then tries the model kinds in turn.
  std::string type = TypeOf(model);
  if (type.empty() && Field(model, "type").is_null()) {
    type = model.contains("merges") ? "BPE (\"merges\" present)" : "WordPiece";
  }
  if (type != "WordPiece") {
    return FieldError(path, "model.type", "\"WordPiece\"", Json(type.empty() ? "?" : type));
  }
  OCTET_ASSIGN_OR_RETURN(spec->wordpiece.unk_token,
                         GetString(model, "unk_token", "[UNK]", path, "model."));
  OCTET_ASSIGN_OR_RETURN(spec->wordpiece.continuing_subword_prefix,
                         GetString(model, "continuing_subword_prefix", "##", path, "model."));
  OCTET_ASSIGN_OR_RETURN(
      spec->wordpiece.max_input_chars_per_word,
      GetInt(Field(model, "max_input_chars_per_word").is_null()
                 ? Json(100)
                 : Field(model, "max_input_chars_per_word"),
             path, "model.max_input_chars_per_word", 0, std::numeric_limits<int64_t>::max()));
  const auto vocab = model.find("vocab");
  if (vocab == model.end() || !vocab->is_object() || vocab->empty()) {
    return FieldError(path, "model.vocab", "a non-empty object of token → id",
                      vocab == model.end() ? Json() : Json(vocab->type_name()));
  }
  std::vector<bool> seen;
  for (const auto& [token, id_json] : vocab->items()) {
    OCTET_ASSIGN_OR_RETURN(int64_t id, GetInt(id_json, path, "model.vocab." + token, 0, kMaxId));
    if (static_cast<size_t>(id) >= spec->vocab.size()) {
      spec->vocab.resize(id + 1);
      seen.resize(id + 1, false);
    }
    if (seen[id]) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: model.vocab: id %d is used by both \"%s\" and \"%s\"", path, id,
                          spec->vocab[id], token));
    }
    seen[id] = true;
    spec->vocab[id] = token;
  }
  return absl::OkStatus();
}

absl::StatusOr<AddedToken> ParseAddedToken(const Json& j, const std::string& path) {
  const std::string ctx = "added_tokens[].";
  if (!j.is_object()) return FieldError(path, "added_tokens[]", "an object", j);
  AddedToken t;
  OCTET_ASSIGN_OR_RETURN(int64_t id, GetInt(Field(j, "id"), path, ctx + "id", 0, kMaxId));
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
  OCTET_ASSIGN_OR_RETURN(Json j, ReadJson(path));
  TokenizerSpec spec;
  OCTET_RETURN_IF_ERROR(ParseModel(Field(j, "model"), path, &spec));
  OCTET_ASSIGN_OR_RETURN(spec.normalizer, ParseNormalizer(Field(j, "normalizer"), path));
  const Json& pre = Field(j, "pre_tokenizer");
  if (TypeOf(pre) != "BertPreTokenizer") {
    return FieldError(path, "pre_tokenizer", "a BertPreTokenizer", pre);
  }
  OCTET_ASSIGN_OR_RETURN(spec.post_processor, ParsePostProcessor(Field(j, "post_processor"), path));
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
    if (v >= 1 && v <= static_cast<double>(kMaxId) && std::floor(v) == v) {
      c.model_max_length = static_cast<int64_t>(v);
    }
  }
  for (auto [key, name] :
       {std::pair{"cls_token", &c.names.cls}, std::pair{"sep_token", &c.names.sep},
        std::pair{"pad_token", &c.names.pad}, std::pair{"unk_token", &c.names.unk},
        std::pair{"mask_token", &c.names.mask}}) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    // Either "[CLS]" or an AddedToken object {"content": "[CLS]", ...}.
    const Json& v = it->is_object() ? Field(*it, "content") : *it;
    if (!v.is_string()) return FieldError(path, key, "a string or {\"content\": string}", *it);
    *name = v.get<std::string>();
  }
  return c;
}

}  // namespace octet
