#include "core/tokenizer/processors/template_processor.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/encoding_merge.h"
#include "core/tokenizer/json_util.h"

namespace octet {
namespace {

// Prefixes a construction error with the file it was read from.
absl::Status InFile(const std::string& path, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrFormat("%s: %s", path, s.message()));
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
                                                   field + ".type_id", 0, kMaxTokenId));
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

}  // namespace

TemplateSpec TemplateSpec::Bert(const std::string& cls, int32_t cls_id, const std::string& sep,
                                int32_t sep_id) {
  using Kind = TemplatePiece::Kind;
  TemplateSpec spec;
  spec.single = {{Kind::kSpecialToken, 0, cls, 0},
                 {Kind::kSequence, 0, "", 0},
                 {Kind::kSpecialToken, 0, sep, 0}};
  spec.pair = spec.single;
  spec.pair.push_back({Kind::kSequence, 1, "", 1});
  spec.pair.push_back({Kind::kSpecialToken, 0, sep, 1});
  spec.special_tokens = {{cls, {cls_id}, {cls}}, {sep, {sep_id}, {sep}}};
  return spec;
}
TemplateSpec TemplateSpec::None() {
  using Kind = TemplatePiece::Kind;
  TemplateSpec spec;
  spec.single = {{Kind::kSequence, 0, "", 0}};
  spec.pair = {{Kind::kSequence, 0, "", 0}, {Kind::kSequence, 1, "", 1}};
  return spec;
}

absl::StatusOr<std::unique_ptr<TemplateProcessor>> TemplateProcessor::Create(TemplateSpec spec) {
  for (const TemplateSpecialToken& t : spec.special_tokens) {
    if (t.ids.size() != t.tokens.size() || t.ids.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "post-processor special token \"%s\": expected as many ids as tokens (at least one), "
          "got %d ids and %d tokens",
          t.id, t.ids.size(), t.tokens.size()));
    }
    for (int32_t id : t.ids) {
      if (id < 0) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "post-processor special token \"%s\": ids must be >= 0, got %d", t.id, id));
      }
    }
  }
  std::unique_ptr<TemplateProcessor> p(new TemplateProcessor());
  for (int is_pair = 0; is_pair < 2; ++is_pair) {
    const auto& pieces = is_pair ? spec.pair : spec.single;
    bool uses[2] = {false, false};
    int64_t added = 0;
    for (const TemplatePiece& piece : pieces) {
      if (piece.kind == TemplatePiece::Kind::kSequence) {
        if (piece.sequence != 0 && piece.sequence != 1) {
          return absl::InvalidArgumentError(
              absl::StrFormat("template sequence must be A or B, got %d", piece.sequence));
        }
        uses[piece.sequence] = true;
        continue;
      }
      const auto it =
          std::find_if(spec.special_tokens.begin(), spec.special_tokens.end(),
                       [&](const TemplateSpecialToken& t) { return t.id == piece.special; });
      if (it == spec.special_tokens.end()) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "template uses special token \"%s\", which special_tokens does not define",
            piece.special));
      }
      added += static_cast<int64_t>(it->ids.size());
    }
    if (!is_pair && (!uses[0] || uses[1])) {
      return absl::InvalidArgumentError("the single template must use $A and not $B");
    }
    if (is_pair && (!uses[0] || !uses[1])) {
      return absl::InvalidArgumentError("the pair template must use both $A and $B");
    }
    (is_pair ? p->added_pair_ : p->added_single_) = added;
  }
  p->spec_ = std::move(spec);
  return p;
}

absl::StatusOr<std::unique_ptr<PostProcessor>> TemplateProcessor::FromBertJson(
    const Json& j, const std::string& path) {
  std::pair<std::string, int32_t> cls, sep;
  for (auto [key, out] : {std::pair{"cls", &cls}, std::pair{"sep", &sep}}) {
    const Json& v = Field(j, key);
    if (!v.is_array() || v.size() != 2 || !v[0].is_string()) {
      return FieldError(path, std::string("post_processor.") + key, "[\"token\", id]", v);
    }
    OCTET_ASSIGN_OR_RETURN(
        int64_t id, GetInt(v[1], path, std::string("post_processor.") + key, 0, kMaxTokenId));
    *out = {v[0].get<std::string>(), static_cast<int32_t>(id)};
  }
  auto processor = Create(TemplateSpec::Bert(cls.first, cls.second, sep.first, sep.second));
  if (!processor.ok()) return InFile(path, processor.status());
  return std::unique_ptr<PostProcessor>(*std::move(processor));
}

absl::StatusOr<std::unique_ptr<PostProcessor>> TemplateProcessor::FromJson(
    const Json& j, const std::string& path) {
  TemplateSpec spec;
  OCTET_ASSIGN_OR_RETURN(spec.single,
                         ParseTemplate(Field(j, "single"), path, "post_processor.single"));
  OCTET_ASSIGN_OR_RETURN(spec.pair, ParseTemplate(Field(j, "pair"), path, "post_processor.pair"));
  const Json& specials = Field(j, "special_tokens");
  if (!specials.is_object() && !specials.is_null()) {
    return FieldError(path, "post_processor.special_tokens", "an object", specials);
  }
  if (!specials.is_null()) {
    for (const auto& [key, value] : specials.items()) {
      const std::string field = "post_processor.special_tokens." + key;
      TemplateSpecialToken t;
      t.id = key;
      if (!value.is_object() || !Field(value, "ids").is_array() ||
          !Field(value, "tokens").is_array()) {
        return FieldError(path, field, "{\"id\", \"ids\": [...], \"tokens\": [...]}", value);
      }
      for (const Json& id : Field(value, "ids")) {
        OCTET_ASSIGN_OR_RETURN(int64_t v, GetInt(id, path, field + ".ids", 0, kMaxTokenId));
        t.ids.push_back(static_cast<int32_t>(v));
      }
      for (const Json& token : Field(value, "tokens")) {
        if (!token.is_string()) return FieldError(path, field + ".tokens", "strings", token);
        t.tokens.push_back(token.get<std::string>());
      }
      spec.special_tokens.push_back(std::move(t));
    }
  }
  auto processor = Create(std::move(spec));
  if (!processor.ok()) return InFile(path, processor.status());
  return std::unique_ptr<PostProcessor>(*std::move(processor));
}

Encoding TemplateProcessor::SpecialEncoding(const TemplatePiece& piece) const {
  const auto it =
      std::find_if(spec_.special_tokens.begin(), spec_.special_tokens.end(),
                   [&](const TemplateSpecialToken& t) { return t.id == piece.special; });
  Encoding e;
  const size_t n = it->ids.size();
  e.ids = it->ids;
  e.tokens = it->tokens;
  e.type_ids.assign(n, piece.type_id);
  e.attention_mask.assign(n, 1);
  e.special_tokens_mask.assign(n, 1);
  e.offsets.assign(n, {0, 0});
  e.byte_offsets.assign(n, {0, 0});
  e.sequence_ids.assign(n, -1);
  e.word_ids.assign(n, -1);
  return e;
}

Encoding TemplateProcessor::Process(Encoding first, std::optional<Encoding> second,
                                    bool add_special_tokens) const {
  const bool is_pair = second.has_value();
  Encoding* seqs[2] = {&first, is_pair ? &*second : nullptr};
  // PostProcessor::process: the main part (not the overflow windows) gets type id = index.
  for (int i = 0; i < (is_pair ? 2 : 1); ++i) {
    seqs[i]->type_ids.assign(seqs[i]->size(), i);
  }
  const auto& pieces = is_pair ? spec_.pair : spec_.single;
  // A sequence used several times is copied, and moved on its last use.
  int remaining[2] = {0, 0};
  for (const TemplatePiece& piece : pieces) {
    if (piece.kind == TemplatePiece::Kind::kSequence) ++remaining[piece.sequence];
  }
  Encoding result;
  for (const TemplatePiece& piece : pieces) {
    if (piece.kind == TemplatePiece::Kind::kSpecialToken) {
      if (add_special_tokens) MergeEncoding(&result, SpecialEncoding(piece));
      continue;
    }
    Encoding* seq = seqs[piece.sequence];
    seq->type_ids.assign(seq->size(), piece.type_id);
    if (--remaining[piece.sequence] == 0) {
      MergeEncoding(&result, std::move(*seq));
    } else {
      MergeEncoding(&result, *seq);
    }
  }
  return result;
}

}  // namespace octet
