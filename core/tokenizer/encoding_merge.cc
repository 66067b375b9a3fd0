#include "core/tokenizer/encoding_merge.h"

#include <iterator>
#include <utility>
#include <vector>

namespace octet {
namespace {

template <typename T>
void AppendAll(std::vector<T>&& from, std::vector<T>* to) {
  if (to->empty()) {
    *to = std::move(from);
  } else {
    to->insert(to->end(), std::make_move_iterator(from.begin()),
               std::make_move_iterator(from.end()));
  }
}

}  // namespace

void MergeEncoding(Encoding* self, Encoding pair) {
  std::vector<Encoding> overflowings;
  // 1. Each of our windows with the pair, then with each of the pair's windows.
  for (const Encoding& self_o : self->overflowing) {
    Encoding n = self_o;
    MergeEncoding(&n, pair);
    overflowings.push_back(std::move(n));
    for (const Encoding& other_o : pair.overflowing) {
      Encoding m = self_o;
      MergeEncoding(&m, other_o);
      overflowings.push_back(std::move(m));
    }
  }
  // 2. Ourself (with our windows) with each of the pair's windows.
  for (const Encoding& other_o : pair.overflowing) {
    Encoding n = *self;
    MergeEncoding(&n, other_o);
    overflowings.push_back(std::move(n));
  }
  AppendAll(std::move(pair.ids), &self->ids);
  AppendAll(std::move(pair.type_ids), &self->type_ids);
  AppendAll(std::move(pair.attention_mask), &self->attention_mask);
  AppendAll(std::move(pair.special_tokens_mask), &self->special_tokens_mask);
  AppendAll(std::move(pair.tokens), &self->tokens);
  AppendAll(std::move(pair.offsets), &self->offsets);
  AppendAll(std::move(pair.byte_offsets), &self->byte_offsets);
  AppendAll(std::move(pair.sequence_ids), &self->sequence_ids);
  AppendAll(std::move(pair.word_ids), &self->word_ids);
  self->overflowing = std::move(overflowings);
}

}  // namespace octet
