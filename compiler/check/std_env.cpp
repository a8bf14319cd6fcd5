// The type of `std`, read from the standard library's own annotations.
//
// The standard library is a record (possibly under `let`s); each public function carries
// its type annotation (`map : forall a b. (a -> b) -> Array a -> Array b = ...`). The type
// of `std` is the closed record type of those annotations, nested records giving nested
// record types; a field without a type annotation (a contract, a helper) is `Dyn`. The
// annotations are trusted here: checking the library's own code is `cairn typecheck` on
// its source. Works from an explicit stack.
#include "compiler/check/checker.h"

#include <unordered_set>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

namespace {
NodeId kid(const ast::File& f, NodeId n, uint32_t i) {
  ast::Children c = f.children(n);
  return i < c.size() ? c[i] : NodeId();
}
} // namespace

TypeId Checker::std_type() {
  if (!options_.std_file) return TypeStore::kDyn;
  diag::CollectingConsumer sink;
  diag::Diagnostics quiet(&sink);
  Options plain;
  Checker sub(sources_, *options_.std_file, plain, quiet, result_);
  sub.record_node_types_ = false;
  return sub.library_type();
}

// The record under `let`s and parentheses, or none.
NodeId Checker::unwrap_record(NodeId n) const {
  while (n.valid()) {
    switch (file_.kind(n)) {
    case NodeKind::Paren: n = kid(file_, n, 0); break;
    case NodeKind::Let: n = file_.children(n).back(); break;
    case NodeKind::Record: return n;
    default: return NodeId();
    }
  }
  return NodeId();
}

TypeId Checker::library_type() {
  NodeId root = file_.root();
  // An annotation on the whole library wins.
  for (NodeId cur = root; cur.valid();) {
    NodeKind k = file_.kind(cur);
    if (k == NodeKind::Paren)
      cur = kid(file_, cur, 0);
    else if (k == NodeKind::Let)
      cur = file_.children(cur).back();
    else if (k == NodeKind::Annot) {
      MetaInfo m = read_meta(kid(file_, cur, 1));
      if (m.type.valid()) return convert(m.type, false);
      cur = kid(file_, cur, 0);
    } else
      break;
  }
  NodeId top = unwrap_record(root);
  if (!top.valid()) return TypeStore::kDyn;

  // A field's nested library record: no annotation, and its value is a record.
  auto nested = [&](NodeId field) {
    MetaInfo m = read_meta(kid(file_, field, 1));
    if (m.type.valid() || file_.children(kid(file_, field, 0)).size() != 1) return NodeId();
    return unwrap_record(kid(file_, field, 2));
  };
  struct SFrame {
    NodeId record;
    bool post;
  };
  std::vector<SFrame> stack{{top, false}};
  std::vector<TypeId> results;
  while (!stack.empty()) {
    SFrame f = stack.back();
    stack.pop_back();
    ast::Children kids = file_.children(f.record);
    if (!f.post) {
      stack.push_back({f.record, true});
      for (uint32_t i = kids.size(); i-- > 0;)
        if (kids[i].valid() && file_.kind(kids[i]) == NodeKind::Field && nested(kids[i]).valid())
          stack.push_back({nested(kids[i]), false});
      continue;
    }
    size_t n_nested = 0;
    for (NodeId c : kids)
      if (c.valid() && file_.kind(c) == NodeKind::Field && nested(c).valid()) ++n_nested;
    std::vector<TypeId> inner(results.end() - n_nested, results.end());
    results.resize(results.size() - n_nested);
    std::vector<std::pair<base::NameId, TypeId>> rows;
    std::unordered_set<uint32_t> seen;
    size_t next = 0;
    for (NodeId c : kids) {
      if (!c.valid() || file_.kind(c) != NodeKind::Field) continue;
      NodeId path = kid(file_, c, 0);
      base::NameId label = static_label(kid(file_, path, 0));
      TypeId t = TypeStore::kDyn;
      if (nested(c).valid())
        t = inner[next++];
      else if (MetaInfo m = read_meta(kid(file_, c, 1));
               m.type.valid() && file_.children(path).size() == 1)
        t = convert(m.type, false);
      if (!label.valid() || !seen.insert(label.index).second) continue;
      rows.emplace_back(label, t);
    }
    TypeId row = TypeStore::kRowEmpty;
    for (size_t i = rows.size(); i-- > 0;)
      row = types_.row_extend(rows[i].first, rows[i].second, row);
    results.push_back(types_.record(row));
  }
  return results.empty() ? TypeStore::kDyn : results.back();
}

} // namespace cairn::check
