// The type the checker gives a field of a file's root record (`cairn query --type`).
//
// The path is followed through the syntax first: the root expression under parentheses,
// `let`s and annotations must be a record literal; its fields whose path starts with the
// next labels are candidates (`a.b = ...` answers `a.b`), the longest match wins and the
// walk goes on in its value. The type of the field reached is what the checker recorded:
// the declared type of a field of untyped code (its annotation, else its contract as a
// type, else the apparent type of its value, set by walk_record), or the type of its value
// in a typed block. When the syntax stops (a value that is not a record literal), the rest
// of the path is followed in that type: record rows by label, dictionaries by their element
// type, anything else is `Dyn`. Iterative; no allocation proportional to the input beyond
// the path. The walk through the syntax (record_under) is also the standard library's
// (Checker::unwrap_record, std_env.cpp).
#include "compiler/ast/kind_cases.h"
#include "compiler/check/check.h"
#include "compiler/check/checker.h"

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

// The last annotated node's recorded type is field_type's fallback; Checker::unwrap_record
// (std_env.cpp) passes no `annotated`.
NodeId record_under(const ast::File& f, NodeId n, NodeId* annotated) {
  while (n.valid()) {
    switch (f.kind(n)) {
    case NodeKind::Paren: n = f.child_or_none(n, 0); break;
    case NodeKind::Let: n = f.children(n).back(); break;
    case NodeKind::Annot:
      if (!annotated) return NodeId();
      *annotated = n;
      n = f.child_or_none(n, 0);
      break;
    case NodeKind::Record: return n;
    case NodeKind::Error:
    case NodeKind::Var:
    case NodeKind::Array:
    case NodeKind::Fun:
    case NodeKind::Select:
    case NodeKind::BinOp:
    case NodeKind::Import:
    CAIRN_AST_LITERAL_CASES
    CAIRN_AST_OPERATION_CASES
    CAIRN_AST_TYPE_FORM_CASES
    CAIRN_AST_PAT_CASES
    CAIRN_AST_PART_CASES
      if (annotated) *annotated = n;
      return NodeId();
    }
  }
  return NodeId();
}

namespace {

// The type of `label` in `t` (a record row or a dictionary element), or Dyn.
TypeId select_type(TypeStore& types, TypeId t, base::NameId label) {
  t = types.resolve(t);
  if (types.kind(t) == TypeKind::Dict) return TypeId(types.node(t).a);
  if (types.kind(t) != TypeKind::Record) return TypeStore::kDyn;
  for (TypeId row = types.resolve(TypeId(types.node(t).a)); types.kind(row) == TypeKind::RowExtend;
       row = types.resolve(TypeId(types.node(row).c))) {
    if (types.node(row).a == label.index) return TypeId(types.node(row).b);
  }
  return TypeStore::kDyn;
}

} // namespace

TypeId field_type(const ast::File& file, const Result& result,
                  const std::vector<std::string>& path) {
  TypeStore& types = *result.types;
  base::Names& names = file.names();
  std::vector<base::NameId> labels;
  for (const std::string& p : path) labels.push_back(names.intern(p));
  auto known = [&](NodeId n) {
    TypeId t = result.type_of(n);
    return t.valid() && types.kind(types.resolve(t)) != TypeKind::Dyn;
  };
  NodeId expr = file.root();
  TypeId type;
  size_t i = 0;
  while (i < labels.size()) {
    NodeId annotated;
    NodeId record = expr.valid() ? record_under(file, expr, &annotated) : NodeId();
    NodeId best;
    size_t best_len = 0;
    bool partial = false; // a field path goes deeper than the query (`a.b = 1` for `a`)
    if (record.valid()) {
      for (NodeId c : file.children(record)) {
        if (!c.valid() || file.kind(c) != NodeKind::Field) continue;
        ast::Children elems = file.children(file.child_or_none(c, 0));
        size_t n = 0;
        while (n < elems.size() && i + n < labels.size() && elems[n].valid() &&
               file.kind(elems[n]) == NodeKind::Name && file.name(elems[n]) == labels[i + n])
          ++n;
        if (n == 0) continue;
        if (n < elems.size()) {
          partial = partial || i + n == labels.size();
          continue;
        }
        // Several pieces of one field: the first with a type other than Dyn.
        if (n > best_len || (n == best_len && !known(best) && known(c))) {
          best = c;
          best_len = n;
        }
      }
    }
    if (best.valid()) {
      i += best_len;
      NodeId value = file.child_or_none(best, 2);
      type = known(best) ? result.type_of(best) : result.type_of(value);
      expr = value;
      continue;
    }
    if (partial) return TypeStore::kDyn; // a record built from several field paths
    // No literal field: continue in the type of the value (or of the record).
    TypeId t = result.type_of(record.valid() ? record : annotated);
    if (!t.valid()) t = type.valid() ? type : TypeStore::kDyn;
    for (; i < labels.size(); ++i) t = select_type(types, t, labels[i]);
    return t;
  }
  return type.valid() ? type : TypeStore::kDyn;
}

} // namespace cairn::check
