#include "core/models/family.h"

#include <cstdlib>

#include "core/base/logging.h"
#include "core/models/families/families.h"

namespace octet {

absl::Span<const Family* const> Families() {
  // One row per family.
  static const Family* const kFamilies[] = {
      &BertFamily(),      &DistilBertFamily(), &RobertaFamily(),  &XlmRobertaFamily(),
      &CamembertFamily(), &ElectraFamily(),    &DebertaV2Family()};
  return kFamilies;
}

const Family& FamilyOf(ModelFamily id) {
  for (const Family* f : Families()) {
    if (f->id == id) return *f;
  }
  // Every ModelFamily value has a row in Families(); a missing one is a programming error.
  LogError("no Family row for ModelFamily %d", static_cast<int>(id));
  std::abort();
}

}  // namespace octet
