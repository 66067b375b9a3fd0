#pragma once
// An encoder family as data: the config fields it reads, its tensor names and the few variants
// (embeddings, positions, classification head) in which families differ. The config parser,
// the embeddings, the encoder layers and the task head read a Family; none of them switches on
// the family, and the forward pass exists once.
//
// Adding a family: a ModelFamily value, one file in families/ that fills a Family, and its row
// in Families() (family.cc). A new variant (as RoBERTa's position ids were) is a new enum value
// here plus its case where the variant is applied (embeddings.cc for positions). Classes that
// reuse an encoder under another model_type (XLM-RoBERTa, CamemBERT) are rows built by the
// same function (families/roberta.cc).

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "core/kernels/epilogue.h"
#include "core/models/config_fields.h"
#include "core/models/model_config.h"

namespace octet {

/// One Hugging Face class the loader accepts (config.json `architectures[0]`) and its task.
struct ArchitectureEntry {
  const char* name;  ///< e.g. "BertForSequenceClassification"
  TaskKind task;
};

/// An integer field of config.json: its name, an attribute_map alias that may stand for it
/// (nullptr: none) and its default. A null `key` means the family has no such field and the
/// value is always `fallback`.
struct IntField {
  const char* key;
  const char* alias;
  int64_t fallback;
};

/// The config.json fields of a family, read in this order (the first bad field is reported).
struct ConfigSchema {
  IntField vocab_size;
  IntField hidden_size;
  IntField num_layers;
  IntField num_heads;  ///< also the field named when hidden_size % num_heads != 0
  IntField intermediate_size;
  IntField max_position_embeddings;
  IntField type_vocab_size;    ///< key nullptr: no token types (type_vocab_size = 0)
  IntField pad_token_id;       ///< checked to be in [0, vocab_size)
  const char* activation;      ///< the FFN activation's field, e.g. "hidden_act"
  const char* layer_norm_eps;  ///< nullptr: fixed at layer_norm_eps_default
  float layer_norm_eps_default;
  /// Fields and checks only this family has, run after the common ones. May be null.
  absl::Status (*parse_extra)(const ConfigFields& fields, ModelConfig* config);
};

/// Which row of the position table token i of a sequence reads.
enum class PositionIds {
  kArange,  ///< row i (BERT, DistilBERT, ELECTRA)
  /// RoBERTa's create_position_ids_from_input_ids: a token whose id is pad_token_id reads row
  /// pad_token_id; any other token reads pad_token_id + (the number of non-pad tokens in
  /// [0, i]). Without pad ids inside the sequence that is row pad_token_id + 1 + i.
  kPaddingOffset,
};

/// The embedding block: LN(word[id] + token_type[type] + position[pos]), tables of width
/// config.embedding_size; then, when that differs from hidden_size, `projection` (a Linear
/// embedding_size → hidden_size).
struct EmbeddingNames {
  const char* word;        ///< e.g. "embeddings.word_embeddings.weight"
  const char* position;    ///< the learned table; not read when config.sinusoidal_pos_embds
  const char* token_type;  ///< nullptr: no token types (type ids are ignored, not validated)
  const char* norm;        ///< the LayerNorm module (".weight" / ".bias" appended)
  PositionIds position_ids;
  const char* projection;  ///< e.g. "embeddings_project"; nullptr: the family has none
  /// DeBERTa: the rows of tokens whose attention mask is 0 are zeroed after the LayerNorm.
  bool zero_masked_tokens = false;
};

/// DeBERTa-v2's disentangled attention tensors (config.relative says which exist). `pos_key`
/// and `pos_query` are per layer, under EncoderLayerNames::prefix + i + "."; the others are
/// shared by all layers.
struct RelativeAttentionNames {
  const char* pos_key;     ///< c2p's projection when share_att_key is false
  const char* pos_query;   ///< p2c's projection when share_att_key is false
  const char* table;       ///< the relative-position embeddings [2 × span, H]
  const char* table_norm;  ///< their LayerNorm module (norm_rel_ebd "layer_norm")
};

/// The modules of encoder layer i are `prefix` + i + "." + one of the names below (without
/// ".weight" / ".bias"). Every family here is post-LN:
///   a = LN(x + attention_out(attention(query, key, value)));  y = LN(a + ffn_out(act(ffn_in(a)))).
struct EncoderLayerNames {
  const char* prefix;  ///< e.g. "encoder.layer."
  const char* query;
  const char* key;
  const char* value;
  const char* attention_out;
  const char* attention_norm;
  const char* ffn_in;
  const char* ffn_out;
  const char* output_norm;
};

/// Sequence classification on the first token's hidden state:
///   logits = out(dense_epilogue(dense(h[first token]))).
/// (BERT: pooler.dense + tanh, classifier; DistilBERT: pre_classifier + ReLU, classifier;
/// RoBERTa: classifier.dense + tanh, classifier.out_proj; ELECTRA: the same with erf GELU.)
struct ClassifierHead {
  const char* dense;  ///< e.g. "pooler.dense", "pre_classifier"; nullptr: none
  Epilogue dense_epilogue;
  const char* out;  ///< e.g. "classifier"
};

/// Everything the engine knows about one encoder family.
struct Family {
  ModelFamily id;
  const char* model_type;  ///< config.json `model_type`, e.g. "bert"
  /// The base model's prefix in checkpoints, e.g. "roberta." in "roberta.encoder.layer.0...";
  /// the loader strips it (core/io/checkpoint.h CanonicalName) and the names below are without it.
  const char* checkpoint_prefix;
  absl::Span<const ArchitectureEntry> architectures;
  ConfigSchema config;
  EmbeddingNames embeddings;
  EncoderLayerNames layer;
  ClassifierHead classifier;
  const char* qa_outputs;  ///< question answering: [start, end] = qa_outputs(h[t]) per token
  /// Token classification: logits = token_classifier(h[t]) for every token t (no dense layer
  /// in any family: *ForTokenClassification is dropout + one Linear).
  const char* token_classifier;
  /// Disentangled attention (DeBERTa-v2): scores gain relative-position terms and the scale
  /// follows config.relative. nullptr: BERT's attention.
  const RelativeAttentionNames* relative_attention = nullptr;
};

/// Every family, in the order error messages list their architectures.
absl::Span<const Family* const> Families();

/// The family with this id.
const Family& FamilyOf(ModelFamily id);

}  // namespace octet
