#pragma once
// SQuAD's answer metrics, as its official evaluation script computes them: the answer
// normalization, exact match and token-overlap F1 (used by `octet eval` on QA files).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace octet::cli {

/// The official SQuAD normalization: lowercase, drop ASCII punctuation, drop the articles
/// a / an / the (whole words), collapse whitespace.
std::string NormalizeAnswer(std::string_view text);
/// 1 when the normalized prediction equals the normalized gold answer, else 0.
double ExactMatchScore(std::string_view prediction, std::string_view gold);
/// Token-overlap F1 of the normalized texts (both empty → 1, one empty → 0).
double F1Score(std::string_view prediction, std::string_view gold);
/// The best score over several gold answers (0 when there are none).
double MaxOverGold(const std::function<double(std::string_view, std::string_view)>& metric,
                   std::string_view prediction, const std::vector<std::string>& golds);

}  // namespace octet::cli
