#include "core/models/embeddings.h"

#include <algorithm>
#include <cmath>

#include "core/base/half.h"
#include "core/base/status_macros.h"
#include "core/kernels/row_kernels.h"

namespace octet {
namespace {

absl::Status ReadMatrix(const Checkpoint& ckpt, const std::string& name, int64_t rows, int64_t cols,
                        Matrix* out) {
  OCTET_ASSIGN_OR_RETURN(std::vector<float> values, ckpt.ReadFloat(name, {rows, cols}));
  out->rows = rows;
  out->cols = cols;
  out->data = std::move(values);
  return absl::OkStatus();
}

}  // namespace

bool HasTokenTypes(const ModelConfig& config) {
  return FamilyOf(config.family).embeddings.token_type != nullptr && config.type_vocab_size > 0;
}

bool HasPositionTable(const ModelConfig& config) {
  return !config.sinusoidal_pos_embds && config.absolute_positions;
}

Matrix SinusoidalPositions(int64_t positions, int64_t dim) {
  Matrix table(positions, dim);
  for (int64_t p = 0; p < positions; ++p) {
    for (int64_t j = 0; j < dim; ++j) {
      const int64_t pair = j / 2;  // dimensions 2i and 2i + 1 share a frequency
      const double angle =
          static_cast<double>(p) /
          std::pow(10000.0, 2.0 * static_cast<double>(pair) / static_cast<double>(dim));
      table.row(p)[j] = static_cast<float>(j % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
  return table;
}

absl::StatusOr<std::unique_ptr<Embeddings>> Embeddings::Load(const Checkpoint& ckpt,
                                                             const ModelConfig& config,
                                                             const EmbeddingNames& names,
                                                             bool half_words) {
  auto e = std::make_unique<Embeddings>();
  // The tables' width: ELECTRA's embedding_size, else hidden_size (the encoder projects).
  const int64_t h = config.embedding_size;
  e->hidden_ = h;
  e->position_ids_ = names.position_ids;
  e->pad_id_ = config.pad_token_id;
  e->zero_masked_ = names.zero_masked_tokens;
  OCTET_RETURN_IF_ERROR(ReadMatrix(ckpt, names.word, config.vocab_size, h, &e->word_));
  if (half_words) {
    e->word_half_.resize(e->word_.data.size());
    for (size_t i = 0; i < e->word_half_.size(); ++i)
      e->word_half_[i] = FloatToHalf(e->word_.data[i]);
    e->word_ = Matrix();
  }
  if (config.sinusoidal_pos_embds) {
    e->position_ = SinusoidalPositions(config.max_position_embeddings, h);
  } else if (HasPositionTable(config)) {
    OCTET_RETURN_IF_ERROR(
        ReadMatrix(ckpt, names.position, config.max_position_embeddings, h, &e->position_));
  }
  if (HasTokenTypes(config)) {
    OCTET_RETURN_IF_ERROR(ReadMatrix(ckpt, names.token_type, config.type_vocab_size, h, &e->type_));
  }
  const std::string norm = names.norm;
  OCTET_ASSIGN_OR_RETURN(e->norm_.gamma, ckpt.ReadFloat(norm + ".weight", {h}));
  OCTET_ASSIGN_OR_RETURN(e->norm_.beta, ckpt.ReadFloat(norm + ".bias", {h}));
  e->norm_.eps = config.layer_norm_eps;
  return e;
}

void Embeddings::Positions(const SequenceBatch& batch, int64_t s,
                           std::vector<int64_t>* rows) const {
  const int64_t start = batch.starts[s], end = batch.starts[s + 1];
  rows->resize(end - start);
  switch (position_ids_) {
    case PositionIds::kArange:
      for (int64_t t = start; t < end; ++t) (*rows)[t - start] = t - start;
      return;
    case PositionIds::kPaddingOffset: {
      // cumsum(id != pad) * (id != pad) + pad: a pad id reads the pad row and is not counted.
      int64_t counted = 0;
      for (int64_t t = start; t < end; ++t) {
        const bool pad = batch.ids[t] == pad_id_;
        if (!pad) ++counted;
        (*rows)[t - start] = pad ? pad_id_ : pad_id_ + counted;
      }
      return;
    }
  }
}

void Embeddings::Forward(const SequenceBatch& batch, Matrix* out) const {
  const int64_t tokens = batch.num_tokens();
  out->Resize(tokens, hidden_);
  const RowKernelTable& rows = RowKernels();
  std::vector<int64_t> positions;
  for (int64_t s = 0; s < batch.num_sequences(); ++s) {
    const int64_t start = batch.starts[s];
    Positions(batch, s, &positions);
#pragma omp parallel for schedule(static)
    for (int64_t t = start; t < batch.starts[s + 1]; ++t) {
      const float* p = position_.rows > 0 ? position_.row(positions[t - start]) : nullptr;
      const float* ty = type_.rows > 0 ? type_.row(batch.type_ids[t]) : nullptr;
      float* o = out->row(t);
      if (word_half_.empty()) {
        std::copy(word_.row(batch.ids[t]), word_.row(batch.ids[t]) + hidden_, o);
      } else {
        rows.half_to_float(word_half_.data() + batch.ids[t] * hidden_, hidden_, o);
      }
      // The order of HF's sums: (word + type) + position.
      if (ty != nullptr) {
        for (int64_t c = 0; c < hidden_; ++c) o[c] += ty[c];
      }
      if (p != nullptr) {
        for (int64_t c = 0; c < hidden_; ++c) o[c] += p[c];
      }
    }
  }
  LayerNorm(*out, nullptr, norm_, out);
  if (zero_masked_ && !batch.attention_mask.empty()) {
    for (int64_t t = 0; t < tokens; ++t) {
      if (batch.attention_mask[t] == 0) std::fill(out->row(t), out->row(t) + hidden_, 0.f);
    }
  }
}

size_t Embeddings::bytes() const {
  return word_half_.size() * sizeof(uint16_t) +
         (word_.data.size() + position_.data.size() + type_.data.size() + 2 * hidden_) *
             sizeof(float);
}

}  // namespace octet
