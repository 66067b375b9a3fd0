#include "core/tokenizer/sentencepiece_model.h"

#include <cstring>

#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"

namespace octet {
namespace {

// Wire types.
constexpr int kVarint = 0;
constexpr int kFixed64 = 1;
constexpr int kLengthDelimited = 2;
constexpr int kFixed32 = 5;

// One field of a message: its number, wire type and value (an integer for varints and fixed
// values, the bytes for length-delimited fields).
struct Field {
  uint32_t number = 0;
  int wire_type = 0;
  uint64_t integer = 0;
  std::string_view bytes;
  size_t offset = 0;  // of the field's key, from the start of the file
};

// Reads the fields of one message in order.
class Reader {
 public:
  Reader(std::string_view data, size_t base) : data_(data), base_(base) {}

  bool done() const { return pos_ >= data_.size(); }

  absl::StatusOr<Field> Next() {
    Field f;
    f.offset = base_ + pos_;
    OCTET_ASSIGN_OR_RETURN(uint64_t key, Varint());
    f.number = static_cast<uint32_t>(key >> 3);
    f.wire_type = static_cast<int>(key & 7);
    if (f.number == 0) return Error(f.offset, "field number 0");
    switch (f.wire_type) {
      case kVarint: {
        OCTET_ASSIGN_OR_RETURN(f.integer, Varint());
        break;
      }
      case kFixed64:
      case kFixed32: {
        const size_t n = f.wire_type == kFixed64 ? 8 : 4;
        if (data_.size() - pos_ < n) return Error(f.offset, "a truncated fixed-width value");
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(Byte(pos_ + i)) << (8 * i);
        f.integer = v;
        pos_ += n;
        break;
      }
      case kLengthDelimited: {
        OCTET_ASSIGN_OR_RETURN(uint64_t length, Varint());
        if (length > data_.size() - pos_) {
          return Error(f.offset, absl::StrFormat("a field of %d bytes with only %d left", length,
                                                 data_.size() - pos_));
        }
        f.bytes = data_.substr(pos_, length);
        pos_ += length;
        break;
      }
      default:
        return Error(f.offset, absl::StrFormat("wire type %d (groups and unknown types are not "
                                               "part of a SentencePiece model)",
                                               f.wire_type));
    }
    return f;
  }

  size_t base() const { return base_; }

  static absl::Status Error(size_t offset, const std::string& what) {
    return absl::InvalidArgumentError(
        absl::StrFormat("not a SentencePiece model: at byte %d, %s", offset, what));
  }

 private:
  uint8_t Byte(size_t i) const { return static_cast<uint8_t>(data_[i]); }

  absl::StatusOr<uint64_t> Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return Error(base_ + pos_, "a truncated varint");
      const uint8_t b = Byte(pos_++);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Error(base_ + pos_, "a varint longer than 10 bytes");
  }

  std::string_view data_;
  size_t base_;  // offset of data_ in the file, for messages
  size_t pos_ = 0;
};

absl::Status Expect(const Field& f, int wire_type, const char* name) {
  if (f.wire_type == wire_type) return absl::OkStatus();
  return Reader::Error(f.offset, absl::StrFormat("field %s (number %d) has wire type %d, "
                                                 "expected %d",
                                                 name, f.number, f.wire_type, wire_type));
}

// Offset of a length-delimited field's bytes in the file.
size_t BytesOffset(std::string_view file, const Field& f) {
  return static_cast<size_t>(f.bytes.data() - file.data());
}

absl::StatusOr<SentencePieceModel::Piece> ParsePiece(std::string_view file, const Field& outer) {
  SentencePieceModel::Piece piece;
  bool has_text = false;
  Reader r(outer.bytes, BytesOffset(file, outer));
  while (!r.done()) {
    OCTET_ASSIGN_OR_RETURN(Field f, r.Next());
    if (f.number == 1) {
      OCTET_RETURN_IF_ERROR(Expect(f, kLengthDelimited, "SentencePiece.piece"));
      piece.piece = std::string(f.bytes);
      has_text = true;
    } else if (f.number == 2) {
      OCTET_RETURN_IF_ERROR(Expect(f, kFixed32, "SentencePiece.score"));
      const auto bits = static_cast<uint32_t>(f.integer);
      std::memcpy(&piece.score, &bits, sizeof(bits));
    } else if (f.number == 3) {
      OCTET_RETURN_IF_ERROR(Expect(f, kVarint, "SentencePiece.type"));
      if (f.integer < 1 || f.integer > 6) {
        return Reader::Error(f.offset,
                             absl::StrFormat("piece type %d, expected 1 to 6", f.integer));
      }
      piece.type = static_cast<SentencePieceModel::PieceType>(f.integer);
    }
  }
  if (!has_text || piece.piece.empty()) {
    return Reader::Error(outer.offset, "a piece without text");
  }
  return piece;
}

absl::Status ParseTrainerSpec(std::string_view file, const Field& outer, SentencePieceModel* m) {
  Reader r(outer.bytes, BytesOffset(file, outer));
  while (!r.done()) {
    OCTET_ASSIGN_OR_RETURN(Field f, r.Next());
    if (f.number == 3) {
      OCTET_RETURN_IF_ERROR(Expect(f, kVarint, "TrainerSpec.model_type"));
      m->model_type = static_cast<int32_t>(f.integer);
    } else if (f.number == 35) {
      OCTET_RETURN_IF_ERROR(Expect(f, kVarint, "TrainerSpec.byte_fallback"));
      m->byte_fallback = f.integer != 0;
    } else if (f.number == 40) {
      OCTET_RETURN_IF_ERROR(Expect(f, kVarint, "TrainerSpec.unk_id"));
      m->unk_id = static_cast<int32_t>(f.integer);
    }
  }
  return absl::OkStatus();
}

absl::Status ParseNormalizerSpec(std::string_view file, const Field& outer, SentencePieceModel* m) {
  Reader r(outer.bytes, BytesOffset(file, outer));
  while (!r.done()) {
    OCTET_ASSIGN_OR_RETURN(Field f, r.Next());
    if (f.number == 1) {
      OCTET_RETURN_IF_ERROR(Expect(f, kLengthDelimited, "NormalizerSpec.name"));
      m->normalizer_name = std::string(f.bytes);
    } else if (f.number == 2) {
      OCTET_RETURN_IF_ERROR(Expect(f, kLengthDelimited, "NormalizerSpec.precompiled_charsmap"));
      m->precompiled_charsmap = std::string(f.bytes);
    } else if (f.number == 3) {
      OCTET_RETURN_IF_ERROR(Expect(f, kVarint, "NormalizerSpec.add_dummy_prefix"));
      m->add_dummy_prefix = f.integer != 0;
    } else if (f.number == 4) {
      OCTET_RETURN_IF_ERROR(Expect(f, kVarint, "NormalizerSpec.remove_extra_whitespaces"));
      m->remove_extra_whitespaces = f.integer != 0;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SentencePieceModel> ParseSentencePieceModel(std::string_view bytes) {
  SentencePieceModel m;
  Reader r(bytes, 0);
  while (!r.done()) {
    OCTET_ASSIGN_OR_RETURN(Field f, r.Next());
    if (f.number == 1) {
      OCTET_RETURN_IF_ERROR(Expect(f, kLengthDelimited, "ModelProto.pieces"));
      OCTET_ASSIGN_OR_RETURN(SentencePieceModel::Piece piece, ParsePiece(bytes, f));
      m.pieces.push_back(std::move(piece));
    } else if (f.number == 2) {
      OCTET_RETURN_IF_ERROR(Expect(f, kLengthDelimited, "ModelProto.trainer_spec"));
      OCTET_RETURN_IF_ERROR(ParseTrainerSpec(bytes, f, &m));
    } else if (f.number == 3) {
      OCTET_RETURN_IF_ERROR(Expect(f, kLengthDelimited, "ModelProto.normalizer_spec"));
      OCTET_RETURN_IF_ERROR(ParseNormalizerSpec(bytes, f, &m));
    }
  }
  if (m.pieces.empty()) return Reader::Error(0, "no pieces (ModelProto.pieces is empty)");
  if (m.unk_id < 0 || m.unk_id >= static_cast<int32_t>(m.pieces.size())) {
    return Reader::Error(0, absl::StrFormat("TrainerSpec.unk_id %d is not a piece id (0 to %d)",
                                            m.unk_id, m.pieces.size() - 1));
  }
  return m;
}

}  // namespace octet
