// DeBERTa-v2 and DeBERTa-v3 (transformers' modeling_deberta_v2.py, model_type "deberta-v2"):
// BERT-shaped post-LN layers under "deberta." with query_proj / key_proj / value_proj, whose
// attention adds relative-position terms (core/layers/disentangled_attention.h); embeddings
// without a position table when position_biased_input is false (v3) and without token types
// when type_vocab_size is 0 (v3), zeroed at masked tokens; the classification head is the
// ContextPooler (pooler.dense + GELU on the first token) then `classifier`.
//
// Refused at load, naming the field: conv_kernel_size > 0 (v2-xlarge's convolution after the
// first layer), pos_att_type terms other than c2p / p2c, norm_rel_ebd other than layer_norm /
// none, an embedding_size or pooler_hidden_size other than hidden_size, an
// attention_head_size other than hidden_size / num_attention_heads, pooler_hidden_act other
// than gelu.

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/base/status_macros.h"
#include "core/models/config_fields.h"
#include "core/models/families/families.h"

namespace octet {
namespace {

// "c2p|p2c" (DebertaV2Config lower-cases and splits a string) or ["p2c", "c2p"].
absl::Status ParseTerms(const ConfigFields& f, RelativeAttentionConfig* r) {
  constexpr char kField[] = "pos_att_type";
  const nlohmann::json* value = f.Find(kField);
  if (value == nullptr) return absl::OkStatus();  // None: no relative terms
  std::vector<std::string> terms;
  if (value->is_string()) {
    for (absl::string_view t : absl::StrSplit(value->get<std::string>(), '|')) {
      const std::string term = absl::AsciiStrToLower(absl::StripAsciiWhitespace(t));
      if (!term.empty()) terms.push_back(term);
    }
  } else if (value->is_array()) {
    for (const nlohmann::json& t : *value) {
      if (!t.is_string()) {
        return f.Error(
            kField, absl::StrCat("expected a list of \"c2p\" / \"p2c\", got ", BriefJson(*value)));
      }
      terms.push_back(t.get<std::string>());
    }
  } else {
    return f.Error(
        kField, absl::StrCat("expected a list or a \"c2p|p2c\" string, got ", BriefJson(*value)));
  }
  for (const std::string& term : terms) {
    if (term == "c2p") {
      r->c2p = true;
    } else if (term == "p2c") {
      r->p2c = true;
    } else {
      return f.Error(kField,
                     absl::StrFormat("term '%s' is not implemented (expected c2p, p2c)", term));
    }
  }
  return absl::OkStatus();
}

absl::Status ParseDebertaExtra(const ConfigFields& f, ModelConfig* c) {
  OCTET_ASSIGN_OR_RETURN(c->type_vocab_size, f.Int("type_vocab_size", 0, 0, kMaxConfigSize));
  OCTET_ASSIGN_OR_RETURN(c->absolute_positions, f.Bool("position_biased_input", true));
  OCTET_ASSIGN_OR_RETURN(int64_t conv, f.Int("conv_kernel_size", 0, 0, kMaxConfigSize));
  if (conv > 0) {
    return f.Error("conv_kernel_size",
                   absl::StrFormat("%d: the convolution layer of DeBERTa-v2 xlarge / xxlarge is "
                                   "not implemented (expected 0 or absent)",
                                   conv));
  }
  OCTET_ASSIGN_OR_RETURN(int64_t embedding_size,
                         f.Int("embedding_size", c->hidden_size, 1, kMaxConfigSize));
  if (embedding_size != c->hidden_size) {
    return f.Error("embedding_size",
                   absl::StrFormat("%d differs from hidden_size %d: DeBERTa's embed_proj is not "
                                   "implemented",
                                   embedding_size, c->hidden_size));
  }
  OCTET_ASSIGN_OR_RETURN(int64_t pooler_size,
                         f.Int("pooler_hidden_size", c->hidden_size, 1, kMaxConfigSize));
  if (pooler_size != c->hidden_size) {
    return f.Error("pooler_hidden_size",
                   absl::StrFormat("%d, expected hidden_size %d", pooler_size, c->hidden_size));
  }
  if (f.Find("attention_head_size") != nullptr) {
    OCTET_ASSIGN_OR_RETURN(int64_t head, f.Int("attention_head_size", 0, 1, kMaxConfigSize));
    if (head * c->num_heads != c->hidden_size) {
      return f.Error("attention_head_size",
                     absl::StrFormat("%d × %d heads != hidden_size %d (only heads that split "
                                     "hidden_size are implemented)",
                                     head, c->num_heads, c->hidden_size));
    }
  }
  OCTET_ASSIGN_OR_RETURN(Activation pooler_act, f.Act("pooler_hidden_act"));
  if (pooler_act != Activation::kGeluErf) {
    return f.Error("pooler_hidden_act", absl::StrFormat("'%s' is not implemented (expected gelu)",
                                                        ActivationName(pooler_act)));
  }

  RelativeAttentionConfig& r = c->relative;
  OCTET_ASSIGN_OR_RETURN(r.enabled, f.Bool("relative_attention", false));
  OCTET_RETURN_IF_ERROR(ParseTerms(f, &r));
  OCTET_ASSIGN_OR_RETURN(r.share_att_key, f.Bool("share_att_key", false));
  OCTET_ASSIGN_OR_RETURN(int64_t max_relative,
                         f.Int("max_relative_positions", -1, -kMaxConfigSize, kMaxConfigSize));
  r.max_relative_positions = max_relative < 1 ? c->max_position_embeddings : max_relative;
  OCTET_ASSIGN_OR_RETURN(r.buckets, f.Int("position_buckets", -1, -kMaxConfigSize, kMaxConfigSize));
  if (r.buckets > 0 && (r.buckets < 2 || r.max_relative_positions - 1 <= r.buckets / 2)) {
    return f.Error("position_buckets",
                   absl::StrFormat("%d buckets need max_relative_positions (here %d) above "
                                   "buckets / 2 + 1 and at least 2 buckets",
                                   r.buckets, r.max_relative_positions));
  }
  OCTET_ASSIGN_OR_RETURN(std::string norms, f.String("norm_rel_ebd", "none"));
  for (absl::string_view n : absl::StrSplit(norms, '|')) {
    const std::string norm = absl::AsciiStrToLower(absl::StripAsciiWhitespace(n));
    if (norm == "layer_norm") {
      r.norm_embeddings = true;
    } else if (norm != "none" && !norm.empty()) {
      return f.Error("norm_rel_ebd", absl::StrFormat("'%s' is not implemented (expected "
                                                     "layer_norm or none)",
                                                     norm));
    }
  }
  return absl::OkStatus();
}

constexpr ArchitectureEntry kArchitectures[] = {
    {"DebertaV2ForSequenceClassification", TaskKind::kSequenceClassification},
    {"DebertaV2ForQuestionAnswering", TaskKind::kQuestionAnswering},
    {"DebertaV2ForTokenClassification", TaskKind::kTokenClassification},
};

constexpr RelativeAttentionNames kRelativeNames = {
    "attention.self.pos_key_proj",
    "attention.self.pos_query_proj",
    "encoder.rel_embeddings.weight",
    "encoder.LayerNorm",
};

}  // namespace

const Family& DebertaV2Family() {
  // Defaults are DebertaV2Config's (deberta-v2-xlarge's sizes); released v3 configs set all of
  // the sizes and the relative-attention fields.
  static const Family kDebertaV2 = {
      ModelFamily::kDebertaV2,
      "deberta-v2",
      "deberta.",
      kArchitectures,
      {
          {"vocab_size", nullptr, 128100},
          {"hidden_size", nullptr, 1536},
          {"num_hidden_layers", nullptr, 24},
          {"num_attention_heads", nullptr, 24},
          {"intermediate_size", nullptr, 6144},
          {"max_position_embeddings", nullptr, 512},
          {nullptr, nullptr, 0},  // type_vocab_size: may be 0, read by ParseDebertaExtra
          {"pad_token_id", nullptr, 0},
          "hidden_act",
          "layer_norm_eps",
          1e-7f,
          ParseDebertaExtra,
      },
      {
          "embeddings.word_embeddings.weight",
          "embeddings.position_embeddings.weight",    // only with position_biased_input
          "embeddings.token_type_embeddings.weight",  // only with type_vocab_size > 0
          "embeddings.LayerNorm",
          PositionIds::kArange,
          nullptr,
          /*zero_masked_tokens=*/true,
      },
      {
          "encoder.layer.",
          "attention.self.query_proj",
          "attention.self.key_proj",
          "attention.self.value_proj",
          "attention.output.dense",
          "attention.output.LayerNorm",
          "intermediate.dense",
          "output.dense",
          "output.LayerNorm",
      },
      {"pooler.dense", Epilogue::kGeluErf, "classifier"},
      "qa_outputs",
      "classifier",
      &kRelativeNames,
  };
  return kDebertaV2;
}

}  // namespace octet
