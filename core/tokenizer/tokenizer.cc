#include "core/tokenizer/tokenizer.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/base/status_macros.h"
#include "core/base/unicode_util.h"
#include "core/tokenizer/processors/template_processor.h"
#include "core/tokenizer/truncation.h"

namespace octet {
namespace {

// A word handed to the model, or an added token kept whole.
struct WordView {
  std::string_view text;   // UTF-8: the pre-tokenized word, or the added token's matched text
  int32_t added = -1;      // index into AddedVocabulary::tokens(), -1 for an ordinary word
  const CharSpan* origin;  // original code points of each code point of `text`
  int32_t orig_begin = 0;  // [orig_begin, orig_end): the whole word, in original code points
  int32_t orig_end = 0;
};

// Walks the pipeline up to the model: added tokens in the raw text, then per plain piece the
// normalizer, added tokens in the normalized text and the pre-tokenizer. Calls on_word(WordView)
// in order; each call is one "word" of Hugging Face's PreTokenizedString.
template <typename Fn>
void ForEachWord(const Normalizer* normalizer, const PreTokenizer* pre_tokenizer,
                 const AddedVocabulary& added, std::string_view text,
                 const unicode::DecodedText& decoded, Fn&& on_word) {
  std::vector<TextSplit> raw_splits, norm_splits;
  NormalizedText norm;
  std::string norm_utf8;
  std::vector<int64_t> norm_byte;  // byte offset of each normalized code point, then the end
  PreTokenizedText words;
  std::string word_utf8;
  std::vector<CharSpan> identity_origin;
  const auto char_index = [](const std::vector<int64_t>& byte_offsets, int64_t byte) {
    return static_cast<int32_t>(std::lower_bound(byte_offsets.begin(), byte_offsets.end(), byte) -
                                byte_offsets.begin());
  };

  added.SplitRaw(text, &raw_splits);
  for (const TextSplit& split : raw_splits) {
    const int32_t begin = char_index(decoded.byte_offsets, split.begin);
    const int32_t end = char_index(decoded.byte_offsets, split.end);
    if (split.token >= 0) {
      identity_origin.resize(end - begin);
      for (int32_t i = begin; i < end; ++i) identity_origin[i - begin] = {i, i + 1};
      on_word(WordView{text.substr(split.begin, split.end - split.begin), split.token,
                       identity_origin.data(), begin, end});
      continue;
    }
    norm.clear();
    if (normalizer != nullptr) {
      normalizer->NormalizeAppend(decoded.chars.data() + begin, end - begin, begin, &norm);
    } else {
      norm.chars.assign(decoded.chars.begin() + begin, decoded.chars.begin() + end);
      for (int32_t i = begin; i < end; ++i) norm.origin.push_back({i, i + 1});
    }
    if (norm.chars.empty()) continue;
    norm_utf8.clear();
    norm_byte.clear();
    for (char32_t c : norm.chars) {
      norm_byte.push_back(static_cast<int64_t>(norm_utf8.size()));
      if (c < 0x80) {
        norm_utf8.push_back(static_cast<char>(c));
      } else {
        unicode::AppendUtf8(c, &norm_utf8);
      }
    }
    norm_byte.push_back(static_cast<int64_t>(norm_utf8.size()));
    norm_splits.clear();
    added.SplitNormalized(norm_utf8, &norm_splits);
    for (const TextSplit& ns : norm_splits) {
      const int32_t nb = char_index(norm_byte, ns.begin);
      const int32_t ne = char_index(norm_byte, ns.end);
      if (ns.token >= 0) {
        on_word(WordView{std::string_view(norm_utf8).substr(ns.begin, ns.end - ns.begin), ns.token,
                         norm.origin.data() + nb, norm.origin[nb].begin, norm.origin[ne - 1].end});
        continue;
      }
      words.clear();
      const std::u32string_view piece = std::u32string_view(norm.chars).substr(nb, ne - nb);
      if (pre_tokenizer != nullptr) {
        pre_tokenizer->PreTokenize(piece, norm.origin.data() + nb, &words);
      } else {
        words.AddWord(piece, norm.origin.data() + nb);
      }
      for (const CharSpan& w : words.words) {
        word_utf8.clear();
        for (int32_t i = w.begin; i < w.end; ++i) unicode::AppendUtf8(words.chars[i], &word_utf8);
        on_word(WordView{word_utf8, -1, words.origin.data() + w.begin, words.origin[w.begin].begin,
                         words.origin[w.end - 1].end});
      }
    }
  }
}

absl::Status CheckInput(std::string_view text, const char* which, unicode::DecodedText* decoded) {
  if (text.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 4)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s is too long: expected at most %d bytes, got %d", which,
                        std::numeric_limits<int32_t>::max() / 4, text.size()));
  }
  absl::Status s = unicode::DecodeUtf8(text, decoded);
  if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat(which, ": ", s.message()));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::FromSpec(TokenizerSpec spec) {
  if (spec.model == nullptr) {
    return absl::InvalidArgumentError("a tokenizer needs a model: expected one, got none");
  }
  std::unique_ptr<Tokenizer> t(new Tokenizer());
  t->normalizer_ = std::move(spec.normalizer);
  t->pre_tokenizer_ = std::move(spec.pre_tokenizer);
  t->model_ = std::move(spec.model);
  OCTET_ASSIGN_OR_RETURN(t->added_,
                         AddedVocabulary::Create(std::move(spec.added_tokens), t->normalizer()));
  t->post_processor_ = std::move(spec.post_processor);
  if (t->post_processor_ == nullptr) {
    // Hugging Face without a post-processor still sets the type ids (0, then 1 for a pair).
    OCTET_ASSIGN_OR_RETURN(t->post_processor_, TemplateProcessor::Create(TemplateSpec::None()));
  }
  t->model_max_length_ = spec.model_max_length;
  // A name the vocabulary lacks falls back to the RoBERTa / SentencePiece name of the role.
  const auto id_of = [&](const std::string& name, const char* fallback) {
    if (const std::optional<int32_t> id = t->TokenToId(name)) return *id;
    return t->TokenToId(fallback).value_or(-1);
  };
  t->cls_id_ = id_of(spec.special_names.cls, "<s>");
  t->sep_id_ = id_of(spec.special_names.sep, "</s>");
  t->pad_id_ = id_of(spec.special_names.pad, "<pad>");
  t->unk_id_ = id_of(spec.special_names.unk, "<unk>");
  t->mask_id_ = id_of(spec.special_names.mask, "<mask>");
  return t;
}

absl::StatusOr<Encoding> Tokenizer::EncodeSequence(std::string_view text, int32_t index) const {
  unicode::DecodedText decoded;
  OCTET_RETURN_IF_ERROR(CheckInput(text, index == 0 ? "text" : "text_pair", &decoded));
  Encoding enc;
  const auto push = [&](int32_t id, std::string token, int32_t begin, int32_t end, int32_t word) {
    enc.ids.push_back(id);
    enc.tokens.push_back(std::move(token));
    enc.offsets.push_back({begin, end});
    enc.byte_offsets.push_back({decoded.byte_offsets[begin], decoded.byte_offsets[end]});
    enc.word_ids.push_back(word);
  };
  std::vector<ModelToken> pieces;
  std::vector<int32_t> char_at_byte;
  int32_t word = 0;
  ForEachWord(normalizer(), pre_tokenizer(), added_, text, decoded, [&](const WordView& w) {
    if (w.added >= 0) {
      push(added_.tokens()[w.added].id, std::string(w.text), w.orig_begin, w.orig_end, word++);
      return;
    }
    pieces.clear();
    model_->Tokenize(w.text, &pieces);
    // Code point index of every character start in the word (tokens may share a range).
    char_at_byte.assign(w.text.size() + 1, 0);
    int32_t chars = 0;
    for (size_t b = 0; b < w.text.size(); ++b) {
      if ((static_cast<uint8_t>(w.text[b]) & 0xC0) != 0x80) ++chars;
      char_at_byte[b + 1] = chars;
    }
    for (const ModelToken& p : pieces) {
      // Token [begin, end) in bytes covers characters [char_at_byte[begin], char_at_byte[end]).
      const int32_t first = char_at_byte[p.begin];
      const int32_t last = char_at_byte[p.end] - 1;
      push(p.id,
           p.text_is_token ? std::string(w.text.substr(p.begin, p.end - p.begin))
                           : model_->IdToToken(p.id),
           w.origin[first].begin, w.origin[last].end, word);
    }
    ++word;
  });
  const size_t n = enc.ids.size();
  enc.type_ids.assign(n, index);
  enc.sequence_ids.assign(n, index);
  enc.attention_mask.assign(n, 1);
  enc.special_tokens_mask.assign(n, 0);
  return enc;
}

absl::StatusOr<Encoding> Tokenizer::EncodeImpl(std::string_view first,
                                               const std::string_view* second,
                                               const EncodeOptions& options) const {
  if (options.max_length < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("max_length must be >= 0 (0 = no truncation), got %d", options.max_length));
  }
  if (options.stride < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("stride must be >= 0, got %d", options.stride));
  }
  OCTET_ASSIGN_OR_RETURN(Encoding a, EncodeSequence(first, 0));
  std::optional<Encoding> b;
  if (second != nullptr) {
    OCTET_ASSIGN_OR_RETURN(b, EncodeSequence(*second, 1));
  }
  if (options.max_length > 0) {
    const int64_t added =
        options.add_special_tokens ? post_processor_->AddedTokens(b.has_value()) : 0;
    if (added > options.max_length) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "max_length must leave room for the %d special tokens: expected max_length >= %d, "
          "got %d",
          added, added, options.max_length));
    }
    OCTET_RETURN_IF_ERROR(TruncateEncodings(&a, b.has_value() ? &*b : nullptr,
                                            options.max_length - added, options.truncation,
                                            options.stride));
  }
  Encoding result =
      post_processor_->Process(std::move(a), std::move(b), options.add_special_tokens);
  if (!options.return_overflowing) result.overflowing.clear();
  return result;
}

absl::StatusOr<Encoding> Tokenizer::Encode(std::string_view text,
                                           const EncodeOptions& options) const {
  return EncodeImpl(text, nullptr, options);
}

absl::StatusOr<Encoding> Tokenizer::EncodePair(std::string_view first, std::string_view second,
                                               const EncodeOptions& options) const {
  return EncodeImpl(first, &second, options);
}

absl::StatusOr<std::vector<PreToken>> Tokenizer::PreTokenize(std::string_view text) const {
  unicode::DecodedText decoded;
  OCTET_RETURN_IF_ERROR(CheckInput(text, "text", &decoded));
  std::vector<PreToken> result;
  ForEachWord(normalizer(), pre_tokenizer(), added_, text, decoded, [&](const WordView& w) {
    PreToken t;
    t.text = std::string(w.text);
    t.offsets = {w.orig_begin, w.orig_end};
    t.byte_offsets = {decoded.byte_offsets[w.orig_begin], decoded.byte_offsets[w.orig_end]};
    t.added_id = w.added >= 0 ? added_.tokens()[w.added].id : -1;
    result.push_back(std::move(t));
  });
  return result;
}

int64_t Tokenizer::vocab_size() const { return std::max(model_->vocab_size(), added_.id_end()); }

std::optional<int32_t> Tokenizer::TokenToId(std::string_view token) const {
  if (auto id = added_.Find(token)) return id;
  return model_->TokenToId(token);
}

const std::string& Tokenizer::IdToToken(int32_t id) const {
  if (const std::string* content = added_.Content(id)) return *content;
  return model_->IdToToken(id);
}

}  // namespace octet
