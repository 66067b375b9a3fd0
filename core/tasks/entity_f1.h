#pragma once
// Entity-level precision, recall and F1 of a named-entity tagger, as seqeval (and the CoNLL-2003
// evaluation script) compute them: an entity is a (type, start, end) triple; a predicted entity
// is right only when a gold entity of the same text has exactly the same type, start and end, so
// a wrong boundary costs a false positive and a false negative. Counts are summed over texts;
// micro scores come from the summed counts, per-type scores from that type's counts. A ratio
// whose denominator is zero is 0 (seqeval's zero_division default, without its warning).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace octet {

/// One entity: its type without the B- / I- prefix ("PER"), its span in code points of the text
/// (end exclusive).
struct EntitySpan {
  std::string label;
  int64_t start = 0;
  int64_t end = 0;

  bool operator==(const EntitySpan& o) const {
    return label == o.label && start == o.start && end == o.end;
  }
  bool operator<(const EntitySpan& o) const {
    if (start != o.start) return start < o.start;
    if (end != o.end) return end < o.end;
    return label < o.label;
  }
};

struct EntityCounts {
  int64_t true_positives = 0;  // predicted entities equal to a gold one
  int64_t predicted = 0;       // true + false positives
  int64_t gold = 0;            // true positives + false negatives (seqeval's "support")

  double precision() const;  // true_positives / predicted
  double recall() const;     // true_positives / gold
  double f1() const;         // harmonic mean of the two
};

struct EntityScores {
  EntityCounts micro;
  /// Per entity type, sorted by name: every type seen in the gold or the predicted entities.
  std::map<std::string, EntityCounts> per_type;
};

/// Adds one text's gold and predicted entities to `scores`. Each list is a set: an entity listed
/// twice in the same list counts once.
void AddTextEntities(const std::vector<EntitySpan>& gold, const std::vector<EntitySpan>& predicted,
                     EntityScores* scores);

/// The scores of a whole set of texts: gold[i] and predicted[i] are text i's entities.
/// InvalidArgument when the two lists have different lengths.
absl::StatusOr<EntityScores> ScoreEntities(const std::vector<std::vector<EntitySpan>>& gold,
                                           const std::vector<std::vector<EntitySpan>>& predicted);

/// The entity type of a tag: "B-PER" and "I-PER" → "PER"; a tag without a B- / I- prefix is its
/// own type ("PER" → "PER", "O" → "O").
std::string EntityType(const std::string& tag);

}  // namespace octet
