#include "core/tasks/entity_f1.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace octet {
namespace {

double Ratio(int64_t num, int64_t den) {
  return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

std::vector<EntitySpan> Unique(std::vector<EntitySpan> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

double EntityCounts::precision() const { return Ratio(true_positives, predicted); }

double EntityCounts::recall() const { return Ratio(true_positives, gold); }

double EntityCounts::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

void AddTextEntities(const std::vector<EntitySpan>& gold, const std::vector<EntitySpan>& predicted,
                     EntityScores* scores) {
  const std::vector<EntitySpan> g = Unique(gold);
  const std::vector<EntitySpan> p = Unique(predicted);
  for (const EntitySpan& e : g) {
    ++scores->micro.gold;
    ++scores->per_type[e.label].gold;
  }
  for (const EntitySpan& e : p) {
    EntityCounts& type = scores->per_type[e.label];
    ++scores->micro.predicted;
    ++type.predicted;
    if (std::binary_search(g.begin(), g.end(), e)) {
      ++scores->micro.true_positives;
      ++type.true_positives;
    }
  }
}

absl::StatusOr<EntityScores> ScoreEntities(const std::vector<std::vector<EntitySpan>>& gold,
                                           const std::vector<std::vector<EntitySpan>>& predicted) {
  if (gold.size() != predicted.size()) {
    return absl::InvalidArgumentError(absl::StrCat("predicted entities for ", predicted.size(),
                                                   " texts, expected ", gold.size(),
                                                   " (one list per gold text)"));
  }
  EntityScores scores;
  for (size_t i = 0; i < gold.size(); ++i) AddTextEntities(gold[i], predicted[i], &scores);
  return scores;
}

std::string EntityType(const std::string& tag) {
  if (tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') return tag.substr(2);
  return tag;
}

}  // namespace octet
