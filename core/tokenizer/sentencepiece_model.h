#pragma once
// A SentencePiece model file (`spm.model`, a serialized `sentencepiece.ModelProto`), read from
// the protobuf wire format by hand: the pieces with their scores and types, the trainer's
// model type and unknown-piece id, and the normalizer spec. Other fields are skipped. core does
// not depend on protobuf; the wire format is small (varints, fixed 32/64-bit values and
// length-delimited fields, https://protobuf.dev/programming-guides/encoding/).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace octet {

struct SentencePieceModel {
  /// ModelProto.SentencePiece.Type.
  enum class PieceType {
    kNormal = 1,
    kUnknown = 2,
    kControl = 3,
    kUserDefined = 4,
    kUnused = 5,
    kByte = 6
  };
  struct Piece {
    std::string piece;
    float score = 0;
    PieceType type = PieceType::kNormal;
  };
  std::vector<Piece> pieces;  ///< id = index
  /// TrainerSpec.model_type: 1 unigram (the default), 2 BPE, 3 word, 4 char.
  int32_t model_type = 1;
  int32_t unk_id = 0;                    ///< TrainerSpec.unk_id
  bool byte_fallback = false;            ///< TrainerSpec.byte_fallback
  std::string normalizer_name;           ///< NormalizerSpec.name, e.g. "nmt_nfkc"
  std::string precompiled_charsmap;      ///< NormalizerSpec.precompiled_charsmap (raw bytes)
  bool add_dummy_prefix = true;          ///< NormalizerSpec.add_dummy_prefix
  bool remove_extra_whitespaces = true;  ///< NormalizerSpec.remove_extra_whitespaces
};

/// Parses the bytes of a model file. A truncated or malformed message, a piece without text or
/// a wire type that does not match a known field → InvalidArgument saying where (byte offset)
/// and what was expected.
absl::StatusOr<SentencePieceModel> ParseSentencePieceModel(std::string_view bytes);

}  // namespace octet
