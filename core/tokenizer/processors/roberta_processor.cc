#include "core/tokenizer/processors/roberta_processor.h"

#include <utility>

#include "core/base/status_macros.h"
#include "core/tokenizer/json_util.h"
#include "core/tokenizer/processors/byte_level_processor.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

void ZeroTypeIds(Encoding* e) {
  e->type_ids.assign(e->size(), 0);
  for (Encoding& window : e->overflowing) ZeroTypeIds(&window);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RobertaProcessor>> RobertaProcessor::Create(RobertaSpec spec) {
  using Kind = TemplatePiece::Kind;
  TemplateSpec t;
  const TemplatePiece cls{Kind::kSpecialToken, 0, spec.cls, 0};
  const TemplatePiece sep{Kind::kSpecialToken, 0, spec.sep, 0};
  const TemplatePiece a{Kind::kSequence, 0, "", 0};
  const TemplatePiece b{Kind::kSequence, 1, "", 0};
  t.single = {cls, a, sep};
  t.pair = {cls, a, sep, sep, b, sep};
  t.special_tokens = {{spec.cls, {spec.cls_id}, {spec.cls}}};
  if (spec.sep != spec.cls) t.special_tokens.push_back({spec.sep, {spec.sep_id}, {spec.sep}});
  std::unique_ptr<RobertaProcessor> p(new RobertaProcessor());
  OCTET_ASSIGN_OR_RETURN(p->template_, TemplateProcessor::Create(std::move(t)));
  p->spec_ = std::move(spec);
  return p;
}

absl::StatusOr<std::unique_ptr<PostProcessor>> RobertaProcessor::FromJson(const nlohmann::json& j,
                                                                          const std::string& path) {
  RobertaSpec spec;
  for (auto [key, token, id] :
       {std::tuple{"cls", &spec.cls, &spec.cls_id}, std::tuple{"sep", &spec.sep, &spec.sep_id}}) {
    const nlohmann::json& v = Field(j, key);
    if (!v.is_array() || v.size() != 2 || !v[0].is_string()) {
      return FieldError(path, std::string("post_processor.") + key, "[\"token\", id]", v);
    }
    OCTET_ASSIGN_OR_RETURN(
        int64_t value, GetInt(v[1], path, std::string("post_processor.") + key, 0, kMaxTokenId));
    *token = v[0].get<std::string>();
    *id = static_cast<int32_t>(value);
  }
  OCTET_ASSIGN_OR_RETURN(spec.trim_offsets,
                         GetBool(j, "trim_offsets", true, path, "post_processor."));
  OCTET_ASSIGN_OR_RETURN(spec.add_prefix_space,
                         GetBool(j, "add_prefix_space", true, path, "post_processor."));
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<RobertaProcessor> p, Create(std::move(spec)));
  return std::unique_ptr<PostProcessor>(std::move(p));
}

Encoding RobertaProcessor::Process(Encoding first, std::optional<Encoding> second,
                                   bool add_special_tokens) const {
  if (spec_.trim_offsets) {
    TrimByteLevelOffsets(spec_.add_prefix_space, &first);
    if (second) TrimByteLevelOffsets(spec_.add_prefix_space, &*second);
  }
  Encoding result = template_->Process(std::move(first), std::move(second), add_special_tokens);
  ZeroTypeIds(&result);
  return result;
}

}  // namespace octet
