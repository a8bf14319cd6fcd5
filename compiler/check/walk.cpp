// Untyped code: scoping only, and the doors into typed blocks; see checker.h.
//
// Walk frames visit every node of untyped code to find unbound identifiers and type
// variables. Variables get their apparent type (scope.cpp), so a typed block can use an
// untyped binding whose type is obvious. Each `: T` annotation met here opens a typed
// block (a Check frame) and is recorded as a contract site: the evaluator must guard the
// block with `T` at run time, since untyped code may pass it anything.
#include "compiler/ast/kind_cases.h"
#include "compiler/check/checker.h"

#include <unordered_map>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

void Checker::walk_meta_contracts(NodeId meta) {
  if (!meta.valid() || file_.kind(meta) != NodeKind::Meta) return;
  for (NodeId a : file_.children(meta)) {
    if (!a.valid() || file_.children(a).empty()) continue;
    if (file_.kind(a) == NodeKind::ContractAnnot)
      convert(file_.child(a, 0), false);
    else if (file_.kind(a) == NodeKind::TypeAnnot)
      convert(file_.child(a, 0), true);
  }
}

void Checker::walk_annotated(NodeId owner, NodeId meta, NodeId value, TypeId* bound_type) {
  MetaInfo m = read_meta(meta);
  walk_meta_contracts(meta);
  TypeId bound = TypeStore::kDyn;
  if (m.type.valid()) {
    TypeId t = convert(m.type, true);
    result_.contracts.push_back(
        ContractSite{ContractSite::Kind::TypedBlock, owner, m.type_annot, t});
    if (value.valid())
      push_scoped(Frame{FrameKind::Check, kBindTyvars, 0, value, t,
                        origin(OriginKind::Annotation, m.type), 0, 0});
    bound = t;
  } else {
    if (value.valid()) push(FrameKind::Walk, value);
    if (m.contract.valid()) bound = convert(m.contract, false);
  }
  if (bound_type) *bound_type = bound;
}

void Checker::walk(const Frame& f) {
  NodeId n = f.node;
  if (!n.valid()) return;
  ast::Children kids = file_.children(n);
  switch (file_.kind(n)) {
  case NodeKind::Error:
  case NodeKind::Null:
  case NodeKind::Bool:
  case NodeKind::Num:
  case NodeKind::EnumTag:
  case NodeKind::Import:
  case NodeKind::OpSection:
  case NodeKind::Wildcard: return;
  case NodeKind::Var: use_variable(n, TypeId(), 0, false); return;
  case NodeKind::Str:
  case NodeKind::SymStr:
    for (uint32_t i = kids.size(); i-- > 0;)
      if (file_.kind(kids[i]) == NodeKind::StrInterp) push(FrameKind::Walk, file_.child_or_none(kids[i], 0));
    return;
  case NodeKind::Record: walk_record(f); return;
  case NodeKind::Let: walk_let(f); return;
  case NodeKind::Match: walk_match(f); return;
  case NodeKind::Fun: {
    push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
    push(FrameKind::Walk, kids.back());
    for (uint32_t i = kids.size() - 1; i-- > 0;) push(FrameKind::PatWalk, kids[i], TypeStore::kDyn);
    return;
  }
  case NodeKind::Select:
    if (kids.size() > 1 && file_.kind(kids[1]) == NodeKind::Str) push(FrameKind::Walk, kids[1]);
    push(FrameKind::Walk, file_.child_or_none(n, 0));
    return;
  case NodeKind::Annot: walk_annotated(n, file_.child_or_none(n, 1), file_.child_or_none(n, 0), nullptr); return;
  case NodeKind::BinOp:
    if (static_cast<ast::BinOpKind>(file_.payload(n)) == ast::BinOpKind::Arrow) {
      convert(n, false);
      return;
    }
    [[fallthrough]];
  case NodeKind::EnumVariant:
  case NodeKind::Array:
  case NodeKind::If:
  case NodeKind::App:
  case NodeKind::Neg:
  case NodeKind::Not:
  case NodeKind::Paren:
    for (uint32_t i = kids.size(); i-- > 0;) push(FrameKind::Walk, kids[i]);
    return;
  case NodeKind::Forall:
  case NodeKind::TypeBuiltin:
  case NodeKind::TypeArray:
  case NodeKind::TypeDict:
  case NodeKind::TypeEnum: convert(n, false); return;
  CAIRN_AST_PAT_CASES
  CAIRN_AST_PART_CASES return; // patterns and parts are reached through their parents
  }
}

bool Checker::has_wildcard(NodeId type) const {
  std::vector<NodeId> todo{type};
  while (!todo.empty()) {
    NodeId n = todo.back();
    todo.pop_back();
    if (!n.valid()) continue;
    if (file_.kind(n) == NodeKind::Wildcard) return true;
    for (NodeId k : file_.children(n)) todo.push_back(k);
  }
  return false;
}

void Checker::walk_let(const Frame& f) {
  NodeId n = f.node;
  ast::Children kids = file_.children(n);
  uint32_t nb = kids.size() - 1;
  NodeId body = kids.back();
  // The type a binding gets: its annotation, its contract, or its apparent type.
  auto binding_type = [&](NodeId b, uint8_t* flags) {
    MetaInfo m = read_meta(file_.child_or_none(b, 1));
    *flags = 0;
    // A type with wildcards (`_ -> _`) is known only once the value is checked: outside
    // typed code the binding's type is Dyn, as Nickel's apparent type.
    if (m.type.valid()) return has_wildcard(m.type) ? TypeStore::kDyn : convert(m.type, true);
    if (m.contract.valid()) return convert(m.contract, false);
    return apparent_type(file_.child_or_none(b, 2), flags);
  };
  auto plain_value = [&](NodeId b) {
    MetaInfo m = read_meta(file_.child_or_none(b, 1));
    return m.type.valid() || m.contract.valid() ? NodeId() : file_.child_or_none(b, 2);
  };
  if (file_.has_flag(n, ast::kLetRec)) {
    push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
    push(FrameKind::Walk, body);
    for (uint32_t i = nb; i-- > 0;)
      walk_annotated(kids[i], file_.child_or_none(kids[i], 1), file_.child_or_none(kids[i], 2), nullptr);
    for (uint32_t i = nb; i-- > 0;) {
      uint8_t flags = 0;
      TypeId t = binding_type(kids[i], &flags);
      push(FrameKind::PatWalk, file_.child_or_none(kids[i], 0), t, 0, enc(plain_value(kids[i])), flags);
    }
    return;
  }
  if (f.step == 0) {
    push_again(f, 1);
    for (uint32_t i = nb; i-- > 0;)
      walk_annotated(kids[i], file_.child_or_none(kids[i], 1), file_.child_or_none(kids[i], 2), nullptr);
    return;
  }
  push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
  push(FrameKind::Walk, body);
  for (uint32_t i = nb; i-- > 0;) {
    uint8_t flags = 0;
    TypeId t = binding_type(kids[i], &flags);
    push(FrameKind::PatWalk, file_.child_or_none(kids[i], 0), t, 0, enc(plain_value(kids[i])), flags);
  }
}

void Checker::walk_match(const Frame& f) {
  ast::Children arms = file_.children(f.node);
  uint32_t m = mark();
  for (uint32_t i = arms.size(); i-- > 0;) {
    NodeId arm = arms[i];
    if (!arm.valid() || file_.kind(arm) != NodeKind::MatchArm) continue;
    push(FrameKind::PopScope, NodeId(), TypeId(), 0, m);
    push(FrameKind::Walk, file_.child_or_none(arm, 2));
    push(FrameKind::Walk, file_.child_or_none(arm, 1));
    push(FrameKind::PatWalk, file_.child_or_none(arm, 0), TypeStore::kDyn);
  }
}

void Checker::pat_walk(const Frame& f) {
  NodeId n = f.node;
  if (!n.valid()) return;
  ast::Children kids = file_.children(n);
  TypeId t = f.type.valid() ? f.type : TypeStore::kDyn;
  switch (file_.kind(n)) {
  case NodeKind::PatAny: bind(file_.name(n), t, n, static_cast<uint8_t>(f.b), dec(f.a)); return;
  case NodeKind::PatAlias:
    bind(file_.name(n), t, n, static_cast<uint8_t>(f.b));
    push(FrameKind::PatWalk, file_.child_or_none(n, 0), t);
    return;
  case NodeKind::PatEnum:
  case NodeKind::PatArray:
  case NodeKind::PatRecord:
    if ((file_.kind(n) == NodeKind::PatArray || file_.kind(n) == NodeKind::PatRecord) &&
        file_.has_flag(n, ast::kRest))
      bind(file_.name(n), TypeStore::kDyn, n, 0);
    for (uint32_t i = kids.size(); i-- > 0;) push(FrameKind::PatWalk, kids[i], TypeStore::kDyn);
    return;
  case NodeKind::PatField: {
    NodeId meta = file_.child_or_none(n, 0);
    MetaInfo m = read_meta(meta);
    walk_meta_contracts(meta);
    TypeId ft = TypeStore::kDyn;
    if (m.type.valid())
      ft = convert(m.type, true);
    else if (m.contract.valid())
      ft = convert(m.contract, false);
    NodeId sub = file_.child_or_none(n, 2);
    if (sub.valid())
      push(FrameKind::PatWalk, sub, ft);
    else
      bind(file_.name(n), ft, n, 0);
    if (file_.child_or_none(n, 1).valid()) push(FrameKind::Walk, file_.child_or_none(n, 1));
    return;
  }
  case NodeKind::PatOr: {
    check_or_pattern_vars(n);
    uint32_t first = mark();
    for (uint32_t i = kids.size(); i-- > 1;)
      push(FrameKind::OrAlt, kids[i], t, 0, first, 0, kWalkMode);
    push(FrameKind::PatWalk, kids[0], t);
    return;
  }
  CAIRN_AST_EXPR_CASES
  case NodeKind::PatWildcard:
  case NodeKind::PatConst:
  CAIRN_AST_PART_CASES return;
  }
}

} // namespace cairn::check

namespace cairn::check {

// An untyped record literal: its fields are in scope in every field (recursive records),
// typed by their annotations or apparent types; `include x` takes `x` from outside.
void Checker::walk_record(const Frame& f) {
  NodeId n = f.node;
  ast::Children kids = file_.children(n);
  struct Inc {
    NodeId node;
    base::NameId name;
    TypeId type;
    uint8_t flags;
  };
  std::vector<Inc> includes;
  for (NodeId c : kids) {
    if (!c.valid() || file_.kind(c) != NodeKind::Include) continue;
    NodeId meta = file_.child_or_none(c, 0);
    MetaInfo m = read_meta(meta);
    walk_meta_contracts(meta);
    base::NameId name = file_.name(c);
    const Binding* b = lookup(name);
    if (!b && options_.report_unbound) {
      auto d =
          diags_.error(diag::DiagKind::UnboundVariable, loc(c),
                       "unbound identifier `" + std::string(names_.text(name)) + "` in `include`");
      std::string guess = did_you_mean(names_.text(name), false);
      if (!guess.empty()) d.help("did you mean `" + guess + "`?");
    }
    TypeId t = m.type.valid()       ? convert(m.type, true)
               : m.contract.valid() ? convert(m.contract, false)
               : b                  ? b->type
                                    : TypeStore::kDyn;
    // `include x : T` is `x : T = x`: the variable's type must fit T.
    if (m.type.valid() && b) expect(c, t, b->type, origin(OriginKind::Annotation, m.type));
    includes.push_back(
        Inc{c, name, t,
            static_cast<uint8_t>(b && !m.type.valid() && !m.contract.valid() ? b->flags : 0)});
  }
  push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());

  // Group the fields by their first path element to type the recursive bindings.
  struct Group {
    base::NameId label;
    NodeId elem;
    NodeId field; // the first piece
    uint32_t count;
    bool leaf;    // the first piece defines the field itself
    NodeId typed; // the first piece defining the field itself with a `: T`
  };
  std::vector<Group> groups;
  std::unordered_map<uint32_t, uint32_t> by_label;
  for (NodeId c : kids) {
    if (!c.valid() || file_.kind(c) != NodeKind::Field) continue;
    NodeId path = file_.child_or_none(c, 0);
    NodeId elem = file_.child_or_none(path, 0);
    base::NameId label = static_label(elem);
    if (!label.valid()) continue;
    bool leaf = file_.children(path).size() == 1;
    auto [it, fresh_label] = by_label.emplace(label.index, static_cast<uint32_t>(groups.size()));
    if (fresh_label) groups.push_back(Group{label, elem, c, 0, leaf, NodeId()});
    Group& g = groups[it->second];
    ++g.count;
    if (leaf && !g.typed.valid() && read_meta(file_.child_or_none(c, 1)).type.valid()) g.typed = c;
  }
  for (const Group& g : groups) {
    TypeId t = TypeStore::kDyn;
    uint8_t flags = kRecField | kApparent;
    NodeId value;
    if (g.count == 1 && g.leaf) {
      MetaInfo m = read_meta(file_.child_or_none(g.field, 1));
      if (m.type.valid()) {
        t = convert(m.type, true);
        flags = kRecField;
      } else if (m.contract.valid()) {
        t = convert(m.contract, false);
        flags = kRecField;
      } else {
        value = file_.child_or_none(g.field, 2);
        uint8_t af = 0;
        t = apparent_type(value, &af);
        flags = static_cast<uint8_t>(af | kRecField);
      }
    } else if (g.typed.valid()) {
      t = convert(read_meta(file_.child_or_none(g.typed, 1)).type, true);
      flags = kRecField;
    }
    bind(g.label, t, g.elem, flags, value);
  }
  for (const Inc& inc : includes) bind(inc.name, inc.type, inc.node, inc.flags);

  for (uint32_t i = kids.size(); i-- > 0;) {
    NodeId c = kids[i];
    if (!c.valid() || file_.kind(c) != NodeKind::Field) continue;
    if (record_node_types_) { // the field's declared type, for `cairn query --type`
      MetaInfo m = read_meta(file_.child_or_none(c, 1));
      uint8_t af = 0;
      result_.node_types[c.index] = m.type.valid()       ? convert(m.type, true)
                                    : m.contract.valid() ? convert(m.contract, false)
                                                         : apparent_type(file_.child_or_none(c, 2), &af);
    }
    // A piece without a type of a field typed by another piece (`{ a : Number, a = 1 }`):
    // its value is checked against that type, as typed code does.
    NodeId path = file_.child_or_none(c, 0), value = file_.child_or_none(c, 2);
    NodeId typed;
    if (value.valid() && file_.children(path).size() == 1 && !read_meta(file_.child_or_none(c, 1)).type.valid())
      if (auto it = by_label.find(static_label(file_.child_or_none(path, 0)).index); it != by_label.end())
        typed = groups[it->second].typed;
    if (typed.valid() && typed != c) {
      walk_meta_contracts(file_.child_or_none(c, 1));
      MetaInfo tm = read_meta(file_.child_or_none(typed, 1));
      push_scoped(Frame{FrameKind::Check, kBindTyvars, 0, value, convert(tm.type, true),
                        origin(OriginKind::Annotation, tm.type), 0, 0});
    } else {
      walk_annotated(c, file_.child_or_none(c, 1), value, nullptr);
    }
    for (NodeId elem : file_.children(file_.child_or_none(c, 0)))
      if (elem.valid() && file_.kind(elem) != NodeKind::Name) push(FrameKind::Walk, elem);
  }
}

} // namespace cairn::check
