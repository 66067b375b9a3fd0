#pragma once
// SentencePiece's word marker as tokenizers' `Metaspace` pre-tokenizer applies it: every space
// becomes the replacement character (U+2581 "▁"), a "▁" is put before the text when the prepend
// scheme asks for it, and (with `split`) the text is cut before every "▁", so each word carries
// the marker of the space before it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/tokenizer/pre_tokenizers/pre_tokenizer.h"
#include "nlohmann/json_fwd.hpp"

namespace octet {

enum class PrependScheme {
  kAlways,  ///< before every piece of text that does not start with the marker
  kFirst,   ///< only before a piece that starts the original text
  kNever,
};

struct MetaspaceOptions {
  char32_t replacement = U'\u2581';
  PrependScheme prepend_scheme = PrependScheme::kAlways;
  bool split = true;
};

class MetaspacePreTokenizer : public PreTokenizer {
 public:
  explicit MetaspacePreTokenizer(MetaspaceOptions options) : options_(options) {}
  /// Reads `{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always" | "first" |
  /// "never", "split": bool}`; older files say `"add_prefix_space": bool` instead of the scheme
  /// (true = always, false = never). Errors name `path` and the field.
  static absl::StatusOr<std::unique_ptr<PreTokenizer>> FromJson(const nlohmann::json& j,
                                                                const std::string& path);

  void PreTokenize(std::u32string_view chars, const CharSpan* origin,
                   PreTokenizedText* out) const override;

  const MetaspaceOptions& options() const { return options_; }

 private:
  MetaspaceOptions options_;
};

}  // namespace octet
