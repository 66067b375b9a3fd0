#pragma once
// A fast path for the one large part of a Unigram tokenizer.json: `model.vocab`, an array of
// [piece, score] pairs (250,002 of them for XLM-R, most of a 17 MB file). A general JSON DOM
// spends most of the load building it; this scanner reads it straight into the pieces. The
// caller parses the rest of the file as usual and checks that the region it cut out was
// `model.vocab` (see ReadTokenizerJson).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace octet {

/// The byte range [begin, end) of a JSON array of [string, number] pairs that follows the key
/// `"vocab":` (the last such key in `text`), with its pieces; nullopt when there is none or its
/// syntax is anything else (then the caller parses the whole file the general way).
struct PieceArray {
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::pair<std::string, double>> pieces;
};
std::optional<PieceArray> ScanPieceArray(std::string_view text);

}  // namespace octet
