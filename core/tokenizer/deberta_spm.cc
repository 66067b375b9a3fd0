#include "core/tokenizer/deberta_spm.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/tokenizer/models/unigram.h"
#include "core/tokenizer/normalizers/lowercase.h"
#include "core/tokenizer/normalizers/precompiled.h"
#include "core/tokenizer/normalizers/replace.h"
#include "core/tokenizer/normalizers/sequence.h"
#include "core/tokenizer/normalizers/strip.h"
#include "core/tokenizer/pre_tokenizers/metaspace.h"
#include "core/tokenizer/pre_tokenizers/sequence.h"
#include "core/tokenizer/processors/template_processor.h"
#include "core/tokenizer/sentencepiece_model.h"
#include "nlohmann/json.hpp"

namespace octet {
namespace {

absl::Status InFile(const std::string& path, const absl::Status& s) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
}

absl::StatusOr<std::string> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open the file", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A JSON file beside the model, or null when absent.
absl::StatusOr<nlohmann::json> ReadJsonBeside(const std::string& model_path, const char* name) {
  const std::string path = (std::filesystem::path(model_path).parent_path() / name).string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return nlohmann::json();
  OCTET_ASSIGN_OR_RETURN(std::string text, ReadBytes(path));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: expected a JSON object", path));
  }
  return j;
}

absl::StatusOr<std::unique_ptr<Normalizer>> DebertaNormalizer(const SentencePieceModel& m,
                                                              const TokenizerConfig& config,
                                                              const std::string& path) {
  std::vector<std::unique_ptr<Normalizer>> steps;
  if (config.do_lower_case.value_or(false)) {
    OCTET_ASSIGN_OR_RETURN(steps.emplace_back(),
                           LowercaseNormalizer::FromJson({{"type", "Lowercase"}}, path));
  }
  OCTET_ASSIGN_OR_RETURN(
      steps.emplace_back(),
      StripNormalizer::FromJson({{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}},
                                path));
  if (!m.precompiled_charsmap.empty()) {
    OCTET_ASSIGN_OR_RETURN(steps.emplace_back(),
                           PrecompiledNormalizer::FromCharsmap(m.precompiled_charsmap));
  }
  OCTET_ASSIGN_OR_RETURN(
      steps.emplace_back(),
      ReplaceNormalizer::FromJson(
          {{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}}, path));
  return std::make_unique<SequenceNormalizer>(std::move(steps));
}

}  // namespace

absl::StatusOr<TokenizerSpec> SpecFromDebertaSpmModel(const std::string& path,
                                                      const TokenizerConfig& config) {
  OCTET_ASSIGN_OR_RETURN(std::string bytes, ReadBytes(path));
  absl::StatusOr<SentencePieceModel> parsed = ParseSentencePieceModel(bytes);
  if (!parsed.ok()) return InFile(path, parsed.status());
  const SentencePieceModel& m = *parsed;
  if (m.model_type != 1) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: TrainerSpec.model_type is %d, expected 1 (unigram; DeBERTa's spm.model is one)", path,
        m.model_type));
  }
  OCTET_ASSIGN_OR_RETURN(nlohmann::json tokenizer_config,
                         ReadJsonBeside(path, "tokenizer_config.json"));
  if (tokenizer_config.is_object() && tokenizer_config.value("split_by_punct", false)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: tokenizer_config.json sets split_by_punct true (a Punctuation pre-tokenizer), "
        "which is not implemented; expected false",
        path));
  }
  OCTET_ASSIGN_OR_RETURN(nlohmann::json added, ReadJsonBeside(path, "added_tokens.json"));

  TokenizerSpec spec;
  std::vector<std::pair<std::string, double>> pieces;
  pieces.reserve(m.pieces.size());
  for (const SentencePieceModel::Piece& p : m.pieces) pieces.emplace_back(p.piece, p.score);
  const auto vocab_size = static_cast<int32_t>(pieces.size());
  OCTET_ASSIGN_OR_RETURN(std::unique_ptr<Unigram> model,
                         Unigram::Create(std::move(pieces), m.unk_id, /*byte_fallback=*/false));
  spec.model = std::move(model);
  OCTET_ASSIGN_OR_RETURN(spec.normalizer, DebertaNormalizer(m, config, path));
  MetaspaceOptions metaspace;
  metaspace.prepend_scheme = m.add_dummy_prefix ? PrependScheme::kAlways : PrependScheme::kNever;
  std::vector<std::unique_ptr<PreTokenizer>> pre;
  pre.push_back(std::make_unique<MetaspacePreTokenizer>(metaspace));
  spec.pre_tokenizer = std::make_unique<SequencePreTokenizer>(std::move(pre));

  // The special tokens: a piece of the model, else added_tokens.json's id, else the next id.
  const SpecialTokenNames names = config.Names(SpecialTokenNames());
  int32_t next_id = vocab_size;
  for (const std::string* name : {&names.pad, &names.cls, &names.sep, &names.unk, &names.mask}) {
    bool seen = false;
    for (const AddedToken& t : spec.added_tokens) seen = seen || t.content == *name;
    if (seen) continue;
    std::optional<int32_t> id = spec.model->TokenToId(*name);
    if (!id.has_value() && added.is_object() && added.contains(*name)) {
      const nlohmann::json& v = added[*name];
      if (!v.is_number_integer() || v.get<int64_t>() < vocab_size || v.get<int64_t>() > (1 << 30)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: added_tokens.json gives \"%s\" the id %s, expected an integer from %d (after the "
            "model's pieces)",
            path, *name, v.dump(), vocab_size));
      }
      id = v.get<int32_t>();
    }
    if (!id.has_value()) id = next_id;
    next_id = std::max(next_id, *id + 1);
    spec.added_tokens.push_back({*name, *id, /*special=*/true});
  }
  const auto id_of = [&spec](const std::string& name) {
    for (const AddedToken& t : spec.added_tokens) {
      if (t.content == name) return t.id;
    }
    return int32_t{-1};
  };
  OCTET_ASSIGN_OR_RETURN(spec.post_processor,
                         TemplateProcessor::Create(TemplateSpec::Bert(
                             names.cls, id_of(names.cls), names.sep, id_of(names.sep))));
  spec.special_names = names;
  return spec;
}

}  // namespace octet
