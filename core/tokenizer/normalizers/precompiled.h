#pragma once
// tokenizers' `Precompiled` normalizer: SentencePiece's compiled normalization rules (the
// `precompiled_charsmap` of an spm model, e.g. nmt_nfkc), applied as Hugging Face applies them.
//
// The charsmap is a little-endian u32 byte count of a double-array trie (darts-clone layout),
// that many bytes of u32 units, then a blob of NUL-terminated UTF-8 replacement strings; a key of
// the trie is a UTF-8 string, its value the blob offset of the replacement. Hugging Face walks
// the text by extended grapheme cluster: a cluster shorter than 6 bytes that has a prefix in the
// trie is replaced whole by the replacement of its shortest such prefix; otherwise each of its
// characters is looked up alone and replaced, or kept.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/tokenizer/normalizers/normalizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

class PrecompiledNormalizer : public Normalizer {
 public:
  /// Parses the raw charsmap bytes; a truncated header or trie, or a replacement blob that is
  /// not UTF-8 → InvalidArgument saying which.
  static absl::StatusOr<std::unique_ptr<PrecompiledNormalizer>> FromCharsmap(
      std::string_view charsmap);
  /// Reads `{"type": "Precompiled", "precompiled_charsmap": base64}`. A null or empty charsmap
  /// normalizes nothing, as in the crate.
  static absl::StatusOr<std::unique_ptr<Normalizer>> FromJson(const nlohmann::json& j,
                                                              const std::string& path);

  /// The replacement of the shortest trie key that is a prefix of `utf8` (the lookup stops at a
  /// NUL byte), or nullopt.
  std::optional<std::u32string_view> Transform(std::string_view utf8) const;

  void NormalizeAppend(const char32_t* chars, size_t n, int32_t first_index,
                       NormalizedText* out) const override;

 private:
  PrecompiledNormalizer() = default;

  std::vector<uint32_t> units_;      // the double array
  std::u32string replacements_;      // the blob decoded (NUL characters included)
  std::vector<int32_t> char_index_;  // blob byte offset → index in replacements_, -1 inside a char
};

}  // namespace octet
