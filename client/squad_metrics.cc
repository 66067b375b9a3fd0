#include "client/squad_metrics.h"

#include <algorithm>
#include <map>

#include "core/base/unicode_util.h"

namespace octet::cli {
namespace {

bool IsAsciiPunctuation(char32_t c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
         (c >= 123 && c <= 126);
}

bool IsArticle(const std::u32string& w) { return w == U"a" || w == U"an" || w == U"the"; }

std::vector<std::string> SplitWords(const std::string& normalized) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < normalized.size()) {
    size_t j = normalized.find(' ', i);
    if (j == std::string::npos) j = normalized.size();
    if (j > i) out.push_back(normalized.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string NormalizeAnswer(std::string_view text) {
  unicode::DecodedText decoded;
  std::u32string chars;
  if (unicode::DecodeUtf8(text, &decoded).ok()) {
    for (char32_t c : decoded.chars) {
      char32_t lower[2];
      const int k = unicode::ToLower(c, lower);
      for (int j = 0; j < k; ++j) chars.push_back(lower[j]);
    }
  } else {
    for (char c : text) chars.push_back(static_cast<unsigned char>(c));  // best effort
  }
  // Remove punctuation (Python's string.punctuation: ASCII only).
  std::u32string no_punct;
  for (char32_t c : chars) {
    if (!IsAsciiPunctuation(c)) no_punct.push_back(c);
  }
  // Replace the articles (whole runs of word characters, as the regex \b(a|an|the)\b) by a space.
  std::u32string no_articles;
  size_t i = 0;
  while (i < no_punct.size()) {
    if (!unicode::IsWordChar(no_punct[i])) {
      no_articles.push_back(no_punct[i++]);
      continue;
    }
    size_t j = i;
    while (j < no_punct.size() && unicode::IsWordChar(no_punct[j])) ++j;
    std::u32string word = no_punct.substr(i, j - i);
    if (IsArticle(word)) {
      no_articles.push_back(U' ');
    } else {
      no_articles += word;
    }
    i = j;
  }
  // Collapse whitespace.
  std::string out;
  bool pending_space = false;
  for (char32_t c : no_articles) {
    if (unicode::IsWhitespace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    unicode::AppendUtf8(c, &out);
  }
  return out;
}

double ExactMatchScore(std::string_view prediction, std::string_view gold) {
  return NormalizeAnswer(prediction) == NormalizeAnswer(gold) ? 1.0 : 0.0;
}

double F1Score(std::string_view prediction, std::string_view gold) {
  const std::vector<std::string> p = SplitWords(NormalizeAnswer(prediction));
  const std::vector<std::string> g = SplitWords(NormalizeAnswer(gold));
  if (p.empty() || g.empty()) return p.empty() && g.empty() ? 1.0 : 0.0;
  std::map<std::string, int> counts;
  for (const auto& w : g) ++counts[w];
  int same = 0;
  for (const auto& w : p) {
    auto it = counts.find(w);
    if (it != counts.end() && it->second > 0) {
      --it->second;
      ++same;
    }
  }
  if (same == 0) return 0.0;
  const double precision = static_cast<double>(same) / p.size();
  const double recall = static_cast<double>(same) / g.size();
  return 2 * precision * recall / (precision + recall);
}

double MaxOverGold(const std::function<double(std::string_view, std::string_view)>& metric,
                   std::string_view prediction, const std::vector<std::string>& golds) {
  double best = 0;
  for (const auto& g : golds) best = std::max(best, metric(prediction, g));
  return best;
}

}  // namespace octet::cli
