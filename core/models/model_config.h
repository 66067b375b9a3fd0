#pragma once
// The subset of a Hugging Face config.json that the engine needs, validated.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace octet {

/// Encoder family. What a family means (config fields, tensor names, variants) is data: its
/// Family in core/models/families/ (see core/models/family.h).
enum class ModelFamily {
  kBert,
  kDistilBert,
  kRoberta,
  kXlmRoberta,
  kCamembert,
  kElectra,
  kDebertaV2
};
/// Task head on top of the encoder.
enum class TaskKind { kSequenceClassification, kQuestionAnswering, kTokenClassification };
/// FFN activation: "gelu" is the exact erf form; "gelu_new"/"gelu_pytorch_tanh" the tanh form.
enum class Activation { kGeluErf, kGeluTanh, kRelu };
/// config.json `problem_type`: decides softmax vs sigmoid vs raw scores for classification.
enum class ProblemType { kUnspecified, kSingleLabel, kMultiLabel, kRegression };

/// DeBERTa-v2's disentangled attention (config.json relative_attention, pos_att_type,
/// position_buckets, max_relative_positions, share_att_key, norm_rel_ebd). Every other family
/// leaves it at its defaults: no relative terms and the plain 1/sqrt(head_dim) scale.
struct RelativeAttentionConfig {
  bool enabled = false;  ///< relative_attention: the c2p / p2c terms are added
  bool c2p = false;      ///< pos_att_type has "c2p" (content to position)
  bool p2c = false;      ///< pos_att_type has "p2c" (position to content)
  /// position_buckets: > 0 log-buckets distances beyond buckets / 2; ≤ 0: raw distances.
  int64_t buckets = -1;
  /// max_relative_positions, with −1 (or any value < 1) resolved to max_position_embeddings.
  int64_t max_relative_positions = 0;
  bool share_att_key = false;    ///< c2p / p2c reuse key_proj / query_proj for the positions
  bool norm_embeddings = false;  ///< norm_rel_ebd "layer_norm": LayerNorm on rel_embeddings
  /// Half the rows of rel_embeddings: the bucket count, else max_relative_positions.
  int64_t span() const { return buckets > 0 ? buckets : max_relative_positions; }
  /// 1 + the number of pos_att_type terms: attention scores are divided by
  /// sqrt(head_dim × scale_factor()) (even without relative_attention).
  int scale_factor() const { return 1 + (c2p ? 1 : 0) + (p2c ? 1 : 0); }
};

/// A validated model configuration.
///
/// Parse() accepts the architectures (architectures[0]) of the registered families
/// (core/models/family.h): BERT, DistilBERT, RoBERTa, XLM-RoBERTa, CamemBERT, ELECTRA and
/// DeBERTa-v2 (which also serves DeBERTa-v3), each
/// *ForSequenceClassification, *ForQuestionAnswering and *ForTokenClassification. Each family names
/// the fields it reads, with transformers' defaults (BertConfig, DistilBertConfig, ...). Every
/// error is InvalidArgument (NotFound / PermissionDenied when FromFile cannot open the file), and
/// its message starts with the source name, names the field and says expected vs got, e.g.
/// "m/config.json: field 'num_attention_heads': hidden_size 768 is not divisible by 10".
struct ModelConfig {
  std::string architecture;  ///< architectures[0], e.g. "DistilBertForQuestionAnswering"
  ModelFamily family = ModelFamily::kBert;
  TaskKind task = TaskKind::kSequenceClassification;
  int64_t vocab_size = 0;   ///< BERT/DistilBERT `vocab_size`
  int64_t hidden_size = 0;  ///< BERT `hidden_size`, DistilBERT `dim`
  /// Width of the embedding tables: ELECTRA `embedding_size` (projected to hidden_size when
  /// different); hidden_size in every other family.
  int64_t embedding_size = 0;
  int64_t num_layers = 0;               ///< BERT `num_hidden_layers`, DistilBERT `n_layers`
  int64_t num_heads = 0;                ///< BERT `num_attention_heads`, DistilBERT `n_heads`
  int64_t intermediate_size = 0;        ///< BERT `intermediate_size`, DistilBERT `hidden_dim`
  int64_t max_position_embeddings = 0;  ///< rows of the position table
  int64_t type_vocab_size = 0;  ///< token types (segments); 0: none (DistilBERT, DeBERTa-v3)
  int64_t pad_token_id = 0;     ///< in [0, vocab_size)
  /// First position-table row a sequence can use: pad_token_id + 1 for RoBERTa's position ids
  /// (padding_idx + 1 + index), 0 for position ids 0..n-1.
  int64_t position_offset = 0;
  Activation activation = Activation::kGeluErf;  ///< BERT `hidden_act`, DistilBERT `activation`
  float layer_norm_eps = 1e-12f;                 ///< BERT `layer_norm_eps`; DistilBERT: 1e-12 fixed
  bool sinusoidal_pos_embds = false;             ///< DistilBERT only: fixed sin/cos position table
  /// False when the model has no position table (DeBERTa's position_biased_input false).
  bool absolute_positions = true;
  RelativeAttentionConfig relative;  ///< DeBERTa-v2 only
  /// id2label in id order (size = num_labels) for sequence and token classification; empty for
  /// question answering.
  std::vector<std::string> labels;
  ProblemType problem_type = ProblemType::kUnspecified;

  /// Width of one attention head (hidden_size is validated to be a multiple of num_heads).
  int64_t head_dim() const { return hidden_size / num_heads; }
  /// Longest sequence the position table can number: max_position_embeddings − position_offset
  /// (RoBERTa's 514 rows with pad_token_id 1: 512 tokens). Parse() checks that it is at least 1.
  int64_t max_sequence_length() const { return max_position_embeddings - position_offset; }

  /// Parses and validates config.json text. `source_name` (usually the file path) prefixes every
  /// error message.
  static absl::StatusOr<ModelConfig> Parse(std::string_view json_text,
                                           const std::string& source_name);
  /// Reads and parses a config.json file.
  static absl::StatusOr<ModelConfig> FromFile(const std::string& path);
};

/// "gelu_erf", "gelu_tanh" or "relu".
const char* ActivationName(Activation activation);
/// "sequence_classification", "question_answering" or "token_classification".
const char* TaskName(TaskKind task);
/// The family's config.json `model_type`, e.g. "bert", "xlm-roberta".
const char* FamilyName(ModelFamily family);

}  // namespace octet
