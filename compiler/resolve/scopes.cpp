// Scope resolution of one language module: an explicit work stack walks the AST (no C++
// recursion proportional to the input), keeping the names in scope in a shadowing table
// (`head_[name]` is the innermost binding of `name`, each entry links to the one it hides).
//
// Scoping rules (Nickel's):
//   let x = v, y = w in b     v, w see the outer scope; b sees x and y
//   let rec ...               every value and the body see every binder
//   fun p1 p2 => b            b sees the binders of the patterns
//   match { p if g => b }     g and b see the binders of p
//   { a = .., b.c = .. }      a recursive record: every field value, contract and dynamic
//                             name sees the static names a and b (first elements of paths),
//                             not c; `include x` looks x up outside the record
//   forall a. T               T sees the type variable a, except inside a dictionary
//                             contract `{_ | C}`: C is a contract, where `a` is a value
//                             (Nickel's issue 1228); a `forall` inside C binds for C
//   e : forall a. T           e sees a too (scoped type variables: `let x : a = ..` inside),
//                             also for `let f : forall a. T = e` and `{ f : forall a. T = e }`
// Pattern defaults (`? e`) and pattern contracts see the scope outside the pattern.
#include <fmt/core.h>

#include "compiler/ast/kind_cases.h"
#include "compiler/resolve/resolve_impl.h"

namespace cairn::resolve {

using ast::NodeId;
using ast::NodeKind;

Resolver::Resolver(Program& program, Module& module, diag::Diagnostics& diags)
    : program_(program), m_(module), f_(module.ast), diags_(diags) {
  m_.bindings.assign(f_.node_count(), Binding{});
  m_.self_ref.assign(f_.node_count(), false);
  std_name_ = program.names.intern("std");
  prim_name_ = program.names.intern("__prim");
}

bool Resolver::run() {
  if (f_.root().valid()) push(Work::Visit, f_.root());
  while (!stack_.empty()) {
    Work w = stack_.back();
    stack_.pop_back();
    switch (w.op) {
    case Work::Visit: visit(w.node); break;
    case Work::Mark: marks_.push_back(static_cast<uint32_t>(entries_.size())); break;
    case Work::Pop: pop_scope(); break;
    case Work::BindPattern: bind_pattern(w.node); break;
    case Work::PatternExprs: pattern_exprs(w.node); break;
    case Work::BindRecord: bind_record(w.node); break;
    case Work::BindForall: bind_forall(w.node); break;
    case Work::BindScoped: bind_scoped(w.node); break;
    case Work::EnterType: ++in_type_; break;
    case Work::LeaveType: --in_type_; break;
    case Work::EnterDictContract:
      floors_.push_back(tyvar_floor_);
      tyvar_floor_ = static_cast<uint32_t>(entries_.size());
      break;
    case Work::LeaveDictContract:
      tyvar_floor_ = floors_.back();
      floors_.pop_back();
      break;
    }
  }
  return ok_;
}

void Resolver::push(Work::Op op, NodeId node) {
  if (node.valid()) stack_.push_back({op, node});
}

void Resolver::push_children(NodeId node) {
  ast::Children kids = f_.children(node);
  for (uint32_t i = kids.size(); i-- > 0;) push(Work::Visit, kids[i]);
}

void Resolver::bind(base::NameId name, Binding b) {
  if (head_.size() <= name.index) head_.resize(name.index + 1, 0);
  entries_.push_back({name, b, head_[name.index]});
  head_[name.index] = static_cast<uint32_t>(entries_.size());
}

void Resolver::pop_scope() {
  uint32_t mark = marks_.back();
  marks_.pop_back();
  while (entries_.size() > mark) {
    const Entry& e = entries_.back();
    head_[e.name.index] = e.prev;
    entries_.pop_back();
  }
}

void Resolver::visit(NodeId n) {
  switch (f_.kind(n)) {
  case NodeKind::Error: // what recovery kept is not resolved
  case NodeKind::TypeBuiltin:
  case NodeKind::Wildcard:
  case NodeKind::Name:
  case NodeKind::StrText:
  case NodeKind::RecordTail: return;
  case NodeKind::Var: use(n, f_.name(n)); return;
  // Nothing binds here: the children are visited in the same scope (leaves have none).
  case NodeKind::Annot:
    push(Work::Visit, f_.child(n, 1));
    visit_annotated(f_.child(n, 0), f_.child(n, 1));
    return;
  case NodeKind::Array:
  case NodeKind::BinOp:
  case NodeKind::Paren:
  case NodeKind::TypeDict:
    if (f_.has_flag(n, ast::kDictContract)) {
      push(Work::LeaveDictContract, n);
      push_children(n);
      push(Work::EnterDictContract, n);
      return;
    }
    push_children(n);
    return;
  case NodeKind::TypeArray:
  CAIRN_AST_LITERAL_CASES
  CAIRN_AST_OPERATION_CASES
  case NodeKind::StrInterp:
  case NodeKind::FieldPath:
  case NodeKind::EnumRow:
  case NodeKind::Meta: push_children(n); return;
  CAIRN_AST_ANNOT_CASES {
    // Inside a static type (`: T`) an unbound name may be meant as a type variable (use()).
    bool type = f_.kind(n) == NodeKind::TypeAnnot;
    if (type) push(Work::LeaveType, n);
    push_children(n);
    if (type) push(Work::EnterType, n);
    return;
  }
  case NodeKind::TypeEnum: {
    // The tail (a row variable) is not a value.
    for (NodeId k : f_.children(n))
      if (f_.kind(k) == NodeKind::EnumRow) push(Work::Visit, k);
    return;
  }
  case NodeKind::Select: push(Work::Visit, f_.child(n, 1)); push(Work::Visit, f_.child(n, 0)); return;
  case NodeKind::Import: import(n); return;
  case NodeKind::Record: record(n); return;
  case NodeKind::Field:
    visit_annotated(f_.child_or_none(n, 2), f_.child_or_none(n, 1));
    push(Work::Visit, f_.child_or_none(n, 1));
    push(Work::Visit, f_.child_or_none(n, 0));
    return;
  case NodeKind::Include: {
    // The name is looked up outside the record (pushed before the record's scope opens);
    // the annotations are visited with the fields.
    push_children(n);
    return;
  }
  case NodeKind::Let: let(n); return;
  case NodeKind::LetBinding: push_children(n); return;
  case NodeKind::Fun: {
    ast::Children kids = f_.children(n);
    push(Work::Pop, n);
    push(Work::Visit, kids.back());
    for (uint32_t i = kids.size() - 1; i-- > 0;) push(Work::BindPattern, kids[i]);
    push(Work::Mark, n);
    for (uint32_t i = kids.size() - 1; i-- > 0;) push(Work::PatternExprs, kids[i]);
    return;
  }
  case NodeKind::MatchArm: {
    NodeId pat = f_.child(n, 0);
    push(Work::Pop, n);
    push(Work::Visit, f_.child(n, 2));
    push(Work::Visit, f_.child(n, 1));
    push(Work::BindPattern, pat);
    push(Work::Mark, n);
    push(Work::PatternExprs, pat);
    return;
  }
  case NodeKind::Forall: {
    ast::Children kids = f_.children(n);
    push(Work::Pop, n);
    push(Work::Visit, kids.back());
    push(Work::BindForall, n);
    push(Work::Mark, n);
    return;
  }
  CAIRN_AST_PAT_CASES push(Work::PatternExprs, n); return;
  }
}

void Resolver::let(NodeId n) {
  ast::Children kids = f_.children(n);
  uint32_t nbind = kids.size() - 1;
  bool rec = f_.has_flag(n, ast::kLetRec);
  push(Work::Pop, n);
  push(Work::Visit, kids.back());
  if (rec) {
    // Values see the binders: bind first, then visit values and pattern expressions.
    for (uint32_t i = nbind; i-- > 0;) {
      NodeId b = kids[i];
      visit_annotated(f_.child(b, 2), f_.child(b, 1));
      push(Work::Visit, f_.child(b, 1));
      push(Work::PatternExprs, f_.child(b, 0));
    }
    for (uint32_t i = nbind; i-- > 0;) push(Work::BindPattern, f_.child(kids[i], 0));
    push(Work::Mark, n);
    return;
  }
  for (uint32_t i = nbind; i-- > 0;) push(Work::BindPattern, f_.child(kids[i], 0));
  push(Work::Mark, n);
  for (uint32_t i = nbind; i-- > 0;) {
    NodeId b = kids[i];
    visit_annotated(f_.child(b, 2), f_.child(b, 1));
    push(Work::Visit, f_.child(b, 1));
    push(Work::PatternExprs, f_.child(b, 0));
  }
}

void Resolver::record(NodeId n) {
  // Include names are looked up in the enclosing scope, before the record's own scope.
  push(Work::Pop, n);
  for (uint32_t i = f_.children(n).size(); i-- > 0;) {
    NodeId k = f_.child(n, i);
    if (f_.kind(k) != NodeKind::RecordTail) push(Work::Visit, k);
  }
  push(Work::BindRecord, n);
  push(Work::Mark, n);
  for (NodeId k : f_.children(n)) {
    if (f_.kind(k) == NodeKind::Include) use(k, f_.name(k));
  }
}

void Resolver::bind_record(NodeId n) {
  for (NodeId k : f_.children(n)) {
    base::NameId name;
    if (f_.kind(k) == NodeKind::Include) {
      name = f_.name(k);
    } else if (f_.kind(k) == NodeKind::Field) {
      NodeId path = f_.child(k, 0);
      if (!path.valid() || f_.children(path).empty()) continue;
      std::optional<base::NameId> s = static_field_name(f_, program_.names, f_.child(path, 0));
      if (!s) continue;
      name = *s;
    } else {
      continue;
    }
    if (head_.size() > name.index && head_[name.index] > marks_.back()) {
      // Already bound by this record (`a.b = 1, a.c = 2`).
      const Entry& e = entries_[head_[name.index] - 1];
      if (e.binding.kind == Binding::RecField && e.binding.binder == n) continue;
    }
    bind(name, Binding{Binding::RecField, n});
  }
}

void Resolver::bind_forall(NodeId n) {
  ast::Children kids = f_.children(n);
  for (uint32_t i = 0; i + 1 < kids.size(); ++i) bind(f_.name(kids[i]), Binding{Binding::TypeVar, kids[i]});
}

NodeId Resolver::scoped_forall(NodeId meta) const {
  if (!meta.valid() || f_.kind(meta) != NodeKind::Meta) return {};
  for (NodeId a : f_.children(meta)) {
    if (!a.valid() || f_.kind(a) != NodeKind::TypeAnnot) continue;
    NodeId t = f_.child_or_none(a, 0);
    if (t.valid() && f_.kind(t) == NodeKind::Forall) return t;
  }
  return {};
}

void Resolver::bind_scoped(NodeId meta) {
  // `forall a. forall b. T` binds both; the chain is walked, not recursed.
  for (NodeId t = scoped_forall(meta); t.valid() && f_.kind(t) == NodeKind::Forall;) {
    bind_forall(t);
    ast::Children kids = f_.children(t);
    t = kids.empty() ? NodeId() : kids.back();
  }
}

void Resolver::visit_annotated(NodeId value, NodeId meta) {
  if (!value.valid()) return;
  if (!scoped_forall(meta).valid()) {
    push(Work::Visit, value);
    return;
  }
  push(Work::Pop, value);
  push(Work::Visit, value);
  push(Work::BindScoped, meta);
  push(Work::Mark, value);
}

void Resolver::bind_pattern(NodeId root) {
  std::vector<NodeId> work{root};
  while (!work.empty()) {
    NodeId p = work.back();
    work.pop_back();
    if (!p.valid()) continue;
    switch (f_.kind(p)) {
    case NodeKind::PatAny: bind(f_.name(p), Binding{Binding::Local, p}); break;
    case NodeKind::PatAlias:
      bind(f_.name(p), Binding{Binding::Local, p});
      work.push_back(f_.child(p, 0));
      break;
    case NodeKind::PatField: {
      NodeId sub = f_.child(p, 2);
      if (sub.valid()) work.push_back(sub);
      else bind(f_.name(p), Binding{Binding::Local, p});
      break;
    }
    case NodeKind::PatRecord:
    case NodeKind::PatArray:
      if (f_.has_flag(p, ast::kRest)) bind(base::NameId(f_.payload(p)), Binding{Binding::Local, p});
      for (NodeId k : f_.children(p)) work.push_back(k);
      break;
    case NodeKind::PatEnum:
      for (NodeId k : f_.children(p)) work.push_back(k);
      break;
    case NodeKind::PatOr:
      // Every alternative binds the same names; uses refer to the first alternative.
      if (!f_.children(p).empty()) work.push_back(f_.child(p, 0));
      break;
    CAIRN_AST_EXPR_CASES
    case NodeKind::PatWildcard:
    case NodeKind::PatConst:
    CAIRN_AST_PART_CASES break;
    }
  }
}

void Resolver::pattern_exprs(NodeId root) {
  std::vector<NodeId> work{root};
  while (!work.empty()) {
    NodeId p = work.back();
    work.pop_back();
    if (!p.valid()) continue;
    switch (f_.kind(p)) {
    case NodeKind::PatField:
      push(Work::Visit, f_.child(p, 0));
      push(Work::Visit, f_.child(p, 1));
      work.push_back(f_.child(p, 2));
      break;
    case NodeKind::PatAlias:
    case NodeKind::PatRecord:
    case NodeKind::PatArray:
    case NodeKind::PatEnum:
    case NodeKind::PatOr:
      for (NodeId k : f_.children(p)) work.push_back(k);
      break;
    CAIRN_AST_EXPR_CASES
    case NodeKind::PatAny:
    case NodeKind::PatWildcard:
    case NodeKind::PatConst:
    CAIRN_AST_PART_CASES break;
    }
  }
}

uint32_t Resolver::visible(base::NameId name) const {
  uint32_t i = head_.size() > name.index ? head_[name.index] : 0;
  while (i != 0 && i <= tyvar_floor_ && entries_[i - 1].binding.kind == Binding::TypeVar)
    i = entries_[i - 1].prev;
  return i;
}

void Resolver::use(NodeId n, base::NameId name) {
  if (uint32_t i = visible(name); i != 0) {
    const Binding& b = entries_[i - 1].binding;
    m_.bindings[n.index] = b;
    if (b.kind == Binding::RecField) m_.self_ref[b.binder.index] = true;
    return;
  }
  if (name == std_name_) {
    m_.bindings[n.index] = Binding{Binding::Std, {}};
    return;
  }
  if (name == prim_name_ && m_.is_std) {
    m_.bindings[n.index] = Binding{Binding::Prim, {}};
    return;
  }
  m_.bindings[n.index] = Binding{Binding::Unbound, {}};
  ok_ = false;
  // In a static type the name may be a type variable (one in scope is a candidate) or a
  // contract; elsewhere only values are.
  std::vector<std::string_view> candidates{"std"};
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    bool hidden = e.binding.kind == Binding::TypeVar && (in_type_ == 0 || i < tyvar_floor_);
    if (!hidden) candidates.push_back(program_.names.text(e.name));
  }
  std::string_view text = program_.names.text(name);
  auto b = diags_.error(diag::DiagKind::UnboundIdentifier, f_.loc(n), fmt::format("unbound identifier `{}`", text));
  b.primary("not defined here");
  if (auto best = closest_name(text, candidates))
    b.help(fmt::format("did you mean `{}`?", *best));
  else if (in_type_ > 0)
    b.help(fmt::format("introduce a type variable with `forall {}.`, or define a contract `{}` with `let`", text, text));
}

std::optional<base::NameId> static_field_name(const ast::File& f, base::Names& names, NodeId elem) {
  if (!elem.valid()) return std::nullopt;
  if (f.kind(elem) == NodeKind::Name) return f.name(elem);
  if (f.kind(elem) != NodeKind::Str) return std::nullopt;
  std::string text;
  for (NodeId k : f.children(elem)) {
    if (f.kind(k) != NodeKind::StrText) return std::nullopt;
    text += f.string(ast::StringId(f.payload(k)));
  }
  return names.intern(text);
}

} // namespace cairn::resolve
