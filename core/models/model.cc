#include "core/models/model.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/io/checkpoint.h"
#include "core/models/family.h"
#include "core/models/tensor_names.h"

namespace octet {

absl::StatusOr<std::unique_ptr<Model>> Model::Load(const std::string& dir,
                                                   const LoadOptions& options) {
  const auto begin = std::chrono::steady_clock::now();
  std::unique_ptr<Model> model(new Model());
  model->dir_ = dir;
  model->precision_ = options.precision;
  OCTET_ASSIGN_OR_RETURN(model->config_, ModelConfig::FromFile(dir + "/config.json"));
  const ModelConfig& config = model->config_;
  OCTET_ASSIGN_OR_RETURN(model->tokenizer_, Tokenizer::FromDirectory(dir));
  if (model->tokenizer_->vocab_size() > config.vocab_size) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: the tokenizer has %d tokens but config.json's vocab_size is %d", dir,
                        model->tokenizer_->vocab_size(), config.vocab_size));
  }
  {
    // The checkpoint (and its mmap) lives only while the layers are built.
    OCTET_ASSIGN_OR_RETURN(std::unique_ptr<Checkpoint> ckpt,
                           Checkpoint::Open(dir, FamilyOf(config.family).checkpoint_prefix));
    OCTET_RETURN_IF_ERROR(ckpt->RequireAll(RequiredTensorNames(config)));
    OCTET_ASSIGN_OR_RETURN(model->encoder_,
                           Encoder::Load(*ckpt, config, options.precision, options.progress));
    OCTET_ASSIGN_OR_RETURN(model->head_, TaskHead::Load(*ckpt, config, options.precision));
  }
  model->load_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return model;
}

absl::Status Model::ValidateBatch(const SequenceBatch& batch) const {
  if (batch.num_sequences() == 0) return absl::InvalidArgumentError("batch has no sequences");
  if (batch.type_ids.size() != batch.ids.size() ||
      (!batch.attention_mask.empty() && batch.attention_mask.size() != batch.ids.size()) ||
      batch.starts.back() != batch.num_tokens()) {
    return absl::InvalidArgumentError("batch: ids, type_ids, attention_mask and starts disagree");
  }
  // A model without token-type embeddings (DistilBERT, DeBERTa-v3) ignores type ids (its
  // tokenizer's template may still produce 1s for the second text).
  const bool check_types = HasTokenTypes(config_);
  const int64_t type_limit = config_.type_vocab_size;
  for (int64_t s = 0; s < batch.num_sequences(); ++s) {
    const int64_t n = batch.length(s);
    if (n <= 0 || n > config_.max_sequence_length()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "sequence %d has %d tokens, expected 1 to %d", s, n, config_.max_sequence_length()));
    }
    for (int64_t t = batch.starts[s]; t < batch.starts[s + 1]; ++t) {
      if (batch.ids[t] < 0 || batch.ids[t] >= config_.vocab_size) {
        return absl::InvalidArgumentError(
            absl::StrFormat("sequence %d token %d: id %d is outside the vocabulary [0, %d)", s,
                            t - batch.starts[s], batch.ids[t], config_.vocab_size));
      }
      if (check_types && (batch.type_ids[t] < 0 || batch.type_ids[t] >= type_limit)) {
        return absl::InvalidArgumentError(
            absl::StrFormat("sequence %d token %d: token type %d, expected 0 to %d", s,
                            t - batch.starts[s], batch.type_ids[t], type_limit - 1));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Model::Forward(const SequenceBatch& batch, Workspace* ws, Matrix* logits) const {
  OCTET_RETURN_IF_ERROR(ValidateBatch(batch));
  ws->BindThreads();
  // The last hidden states go to the workspace's `hidden` buffer, then to the head.
  OCTET_RETURN_IF_ERROR(encoder_->Forward(batch, &ws->hidden, ws));
  ScopedOpTimer t(ws->profile, Op::kHead);
  return head_->Forward(batch, ws->hidden, logits, ws);
}

size_t Model::weight_bytes() const {
  size_t total = encoder_->weight_bytes();
  for (const Linear* l : head_->linears()) total += l->weight_bytes();
  return total;
}

int64_t Model::parameter_count() const {
  const ModelConfig& c = config_;
  const int64_t h = c.hidden_size, i = c.intermediate_size;
  const Family& family = FamilyOf(c.family);
  const int64_t e = c.embedding_size;
  int64_t n = c.vocab_size * e + (HasPositionTable(c) ? c.max_position_embeddings * e : 0) +
              (HasTokenTypes(c) ? c.type_vocab_size * e : 0) + 2 * e;
  if (NeedsEmbeddingProjection(c)) n += e * h + h;
  n += c.num_layers * (4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h);
  if (family.relative_attention != nullptr && c.relative.enabled) {
    n += 2 * c.relative.span() * h + (c.relative.norm_embeddings ? 2 * h : 0);
    n += c.num_layers * static_cast<int64_t>(PositionProjectionNames(c, 0).size()) * (h * h + h);
  }
  const auto labels = static_cast<int64_t>(c.labels.size());
  if (c.task == TaskKind::kQuestionAnswering) {
    n += 2 * h + 2;
  } else if (c.task == TaskKind::kTokenClassification) {
    n += labels * h + labels;
  } else {
    n += (family.classifier.dense != nullptr ? h * h + h : 0) + (labels * h + labels);
  }
  return n;
}

std::string Model::Describe() const {
  std::string fp32_layers;
  for (const std::string& l : precision_.fp32_layers) {
    absl::StrAppend(&fp32_layers, fp32_layers.empty() ? "" : ",", l);
  }
  return absl::StrFormat(
      "%s (%s, %s): %d layers, hidden %d, %d heads, intermediate %d, %d labels, max %d tokens; "
      "%s linear layers%s; %.1fM parameters, %.1f MB loaded (%.1f MB in FP32); loaded in %.2f s",
      config_.architecture, FamilyName(config_.family), TaskName(config_.task), config_.num_layers,
      config_.hidden_size, config_.num_heads, config_.intermediate_size, config_.labels.size(),
      config_.max_sequence_length(), PrecisionName(precision_.base),
      fp32_layers.empty() ? "" : absl::StrCat(", kept in FP32: ", fp32_layers),
      parameter_count() / 1e6, weight_bytes() / 1e6, fp32_weight_bytes() / 1e6, load_seconds_);
}

std::string Model::AttentionDescription(int64_t n) const {
  if (const DisentangledAttention* d = encoder_->disentangled_attention()) {
    return absl::StrCat(d->type() == AttentionType::kBf16 ? "bf16" : "fp32", " disentangled (",
                        d->ImplementationFor(n), ")");
  }
  const SelfAttention& a = encoder_->attention();
  return absl::StrCat(a.type() == AttentionType::kBf16 ? "bf16" : "fp32", " (",
                      a.ImplementationFor(n), ")");
}

std::vector<const Linear*> Model::linears() const {
  std::vector<const Linear*> all = encoder_->linears();
  for (const Linear* l : head_->linears()) all.push_back(l);
  return all;
}

}  // namespace octet
