// The type of `std`, read from the standard library's own annotations.
//
// The standard library is a record (possibly under `let`s); each public function carries
// its type annotation (`map : forall a b. (a -> b) -> Array a -> Array b = ...`). The type
// of `std` is the closed record type of those annotations, nested records giving nested
// record types; a field without a type annotation (a contract, a helper) is `Dyn`. The
// annotations are trusted here: checking the library's own code is `cairn typecheck` on
// its source. Works from an explicit stack.
#include "compiler/check/checker.h"

#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

TypeId Checker::std_type() {
  if (!options_.std_file) return TypeStore::kDyn;
  diag::CollectingConsumer sink;
  diag::Diagnostics quiet(&sink);
  Options plain;
  plain.modules = options_.modules;
  Checker sub(sources_, *options_.std_file, plain, quiet, result_);
  sub.record_node_types_ = false;
  return sub.library_type();
}

const ast::File* Checker::imported_module(NodeId import) {
  if (!options_.modules || !file_.children(import).empty()) return nullptr; // `as 'Json` etc.
  std::string_view path = file_.string(ast::StringId(file_.payload(import)));
  for (std::string_view ext : {".json", ".yaml", ".yml", ".toml", ".txt"})
    if (path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext) return nullptr;
  return options_.modules->module(file_, import, path);
}

// The type of `import "f"`: the apparent type of f's root expression (its annotation, or
// the shape of a literal); `Dyn` for data files and unknown modules. Only the checked file's
// own imports are followed, one level, so cycles cannot loop.
TypeId Checker::import_type(NodeId import) {
  if (!record_node_types_) return TypeStore::kDyn;
  const ast::File* m = imported_module(import);
  if (!m) return TypeStore::kDyn;
  auto it = module_types_.find(m);
  if (it != module_types_.end()) return it->second;
  diag::CollectingConsumer sink;
  diag::Diagnostics quiet(&sink);
  Options plain;
  Checker sub(sources_, *m, plain, quiet, result_);
  sub.record_node_types_ = false;
  uint8_t flags = 0;
  TypeId t = m->root().valid() ? sub.apparent_type(m->root(), &flags) : TypeStore::kDyn;
  module_types_.emplace(m, t);
  return t;
}

// The record under `let`s and parentheses, or none.
NodeId Checker::unwrap_record(NodeId n) const {
  return record_under(file_, n, nullptr);
}

TypeId Checker::library_type() {
  NodeId root = file_.root();
  // An annotation on the whole library wins.
  for (NodeId cur = root; cur.valid();) {
    NodeKind k = file_.kind(cur);
    if (k == NodeKind::Paren)
      cur = file_.child_or_none(cur, 0);
    else if (k == NodeKind::Let)
      cur = file_.children(cur).back();
    else if (k == NodeKind::Annot) {
      MetaInfo m = read_meta(file_.child_or_none(cur, 1));
      if (m.type.valid()) return convert(m.type, false);
      cur = file_.child_or_none(cur, 0);
    } else
      break;
  }
  NodeId top = unwrap_record(root);
  if (!top.valid()) return TypeStore::kDyn;

  // Submodules (`array = import "std/array.conf"`) are read by checkers of their own files.
  std::vector<std::unique_ptr<Checker>> subs;
  std::unordered_map<const ast::File*, Checker*> by_file;
  diag::CollectingConsumer sink;
  diag::Diagnostics quiet(&sink);
  Options plain;
  plain.modules = options_.modules;
  auto checker_for = [&](const ast::File* f) {
    auto it = by_file.find(f);
    if (it != by_file.end()) return it->second;
    subs.push_back(std::make_unique<Checker>(sources_, *f, plain, quiet, result_));
    subs.back()->record_node_types_ = false;
    by_file.emplace(f, subs.back().get());
    return subs.back().get();
  };
  // A field's nested library record: no annotation, and its value is a record (here or in
  // an imported submodule).
  struct Nested {
    Checker* in;
    NodeId record;
  };
  auto nested = [&](Checker* c, NodeId field) -> Nested {
    const ast::File& f = c->file_;
    MetaInfo m = c->read_meta(f.child_or_none(field, 1));
    if (m.type.valid() || f.children(f.child_or_none(field, 0)).size() != 1) return {c, NodeId()};
    NodeId value = f.child_or_none(field, 2);
    while (value.valid() && f.kind(value) == NodeKind::Paren) value = f.child_or_none(value, 0);
    if (value.valid() && f.kind(value) == NodeKind::Import && c->options_.modules) {
      const ast::File* module =
          c->options_.modules->module(f, value, f.string(ast::StringId(f.payload(value))));
      if (!module || module == &f) return {c, NodeId()};
      Checker* sc = checker_for(module);
      return {sc, sc->unwrap_record(module->root())};
    }
    return {c, c->unwrap_record(value)};
  };
  struct SFrame {
    Checker* in;
    NodeId record;
    bool post;
    uint32_t depth;
  };
  std::vector<SFrame> stack{{this, top, false, 0}};
  std::vector<TypeId> results;
  while (!stack.empty()) {
    SFrame fr = stack.back();
    stack.pop_back();
    const ast::File& f = fr.in->file_;
    ast::Children kids = f.children(fr.record);
    if (!fr.post) {
      stack.push_back({fr.in, fr.record, true, fr.depth});
      for (uint32_t i = kids.size(); i-- > 0;) {
        if (!kids[i].valid() || f.kind(kids[i]) != NodeKind::Field) continue;
        Nested n = nested(fr.in, kids[i]);
        // Submodules importing each other could loop: a library is a few levels deep.
        if (n.record.valid() && fr.depth < 16)
          stack.push_back({n.in, n.record, false, fr.depth + 1});
      }
      continue;
    }
    size_t n_nested = 0;
    for (NodeId c : kids)
      if (c.valid() && f.kind(c) == NodeKind::Field && nested(fr.in, c).record.valid() &&
          fr.depth < 16)
        ++n_nested;
    std::vector<TypeId> inner(results.end() - n_nested, results.end());
    results.resize(results.size() - n_nested);
    std::vector<std::pair<base::NameId, TypeId>> rows;
    std::unordered_set<uint32_t> seen;
    size_t next = 0;
    for (NodeId c : kids) {
      if (!c.valid() || f.kind(c) != NodeKind::Field) continue;
      NodeId path = f.child_or_none(c, 0);
      base::NameId label = fr.in->static_label(f.child_or_none(path, 0));
      TypeId t = TypeStore::kDyn;
      if (nested(fr.in, c).record.valid() && fr.depth < 16)
        t = inner[next++];
      else if (MetaInfo m = fr.in->read_meta(f.child_or_none(c, 1));
               m.type.valid() && f.children(path).size() == 1)
        t = fr.in->convert(m.type, false);
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
