// Plan basics: action spellings and counts; see plan.h.
#include "runtime/plan/plan.h"

namespace cairn::plan {

std::string_view action_spelling(ActionKind k) {
  switch (k) {
#define CAIRN_ACTION(Name, Spelling)                                                              \
  case ActionKind::Name: return Spelling;
#include "runtime/plan/action_kind.def"
  }
  return "?";
}

std::optional<ActionKind> action_from_spelling(std::string_view s) {
#define CAIRN_ACTION(Name, Spelling)                                                              \
  if (s == Spelling) return ActionKind::Name;
#include "runtime/plan/action_kind.def"
  return std::nullopt;
}

uint32_t Plan::count(ActionKind k) const {
  uint32_t n = 0;
  for (const ResourceChange& c : changes) n += c.action == k;
  return n;
}

uint32_t Plan::imports() const {
  uint32_t n = 0;
  for (const ResourceChange& c : changes) n += !c.import_id.empty();
  return n;
}

bool Plan::has_changes() const {
  for (const ResourceChange& c : changes)
    if (c.action != ActionKind::NoOp || !c.import_id.empty()) return true;
  return !output_changes.empty();
}

} // namespace cairn::plan
