// Typed code: patterns and `match`; see checker.h.
//
// A pattern is checked against the type of the value it destructures and binds its
// variables: `{a, b = p, ..rest}` expects a record with those fields (closed without `..`),
// `[x, ..rest]` an array, `'Tag p` an enum with that row, constants their type.
//
// `match { arms }` is a function from the arms' pattern type to their bodies' type. The
// enum types its enum patterns build start open (`[| 'a; r |]`); once every arm is checked,
// each enum position that no unguarded catch-all pattern (`_`, a variable) covers is
// closed, so a match over 'a and 'b accepts exactly `[| 'a, 'b |]`. Positions are paths
// from the root of the pattern (record field, variant argument, array element), interned
// so that arms share them.
//
// A destructuring pattern (`let`, a function's parameter) has no other arm to cover the
// tags it leaves out, so its enum types are closed from the start: `let 'Foo x = v` expects
// exactly `[| 'Foo a |]`. Inside an or-pattern they stay open, as the alternatives add
// their tags to the same row.
//
// A field's contract (`{ a | C }`) checks the value at run time and says nothing to the
// checker: the field's type is fresh, as for a field without annotation (a type `:` is its
// type). Untyped code (walk.cpp) takes the contract as the field's apparent type instead.
//
// Or-patterns must bind the same variables in every alternative, with the same types.
#include "compiler/ast/kind_cases.h"
#include "compiler/check/checker.h"
#include "compiler/check/type_walk.h"

#include <algorithm>
#include <fmt/core.h>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

namespace {
constexpr uint32_t kPathField = 1, kPathVariant = 2, kPathElem = 3;
} // namespace

uint32_t Checker::path_child(uint32_t parent, uint32_t kind, uint32_t label) {
  uint64_t key = (uint64_t(parent) << 32) | (uint64_t(kind) << 30) | (label & 0x3fffffffu);
  auto [it, inserted] = path_index_.emplace(key, static_cast<uint32_t>(path_parent_.size()));
  if (inserted) path_parent_.push_back(parent);
  return it->second;
}

void Checker::check_match(const Frame& f) {
  NodeId n = f.node;
  TypeId r = types_.resolve(f.type);
  TypeId arg = TypeStore::kError, result = TypeStore::kError;
  if (types_.kind(r) == TypeKind::Arrow) {
    arg = TypeId(types_.node(r).a);
    result = TypeId(types_.node(r).b);
  } else if (types_.kind(r) != TypeKind::Error) {
    TypeId a = fresh(), b = fresh();
    if (expect(n, f.type, types_.arrow(a, b), f.origin, RelateMode::Unify)) {
      arg = a;
      result = b;
    }
  }
  if (matches_.empty()) matches_.emplace_back(); // context 0 means "no match"
  uint32_t ctx = static_cast<uint32_t>(matches_.size());
  matches_.emplace_back();
  push(FrameKind::CloseMatch, n, arg, 0, ctx);
  ast::Children arms = file_.children(n);
  uint32_t later = f.origin;
  if (types_.kind(types_.resolve(result)) == TypeKind::Unif && !arms.empty() && arms[0].valid())
    later = origin(OriginKind::ArmBody, file_.child_or_none(arms[0], 2));
  uint32_t m = mark();
  for (uint32_t i = arms.size(); i-- > 0;) {
    NodeId arm = arms[i];
    if (!arm.valid() || file_.kind(arm) != NodeKind::MatchArm) continue;
    NodeId guard = file_.child_or_none(arm, 1);
    push(FrameKind::PopScope, NodeId(), TypeId(), 0, m);
    push_scoped(
        Frame{FrameKind::Check, 0, 0, file_.child_or_none(arm, 2), result, i == 0 ? f.origin : later, 0, 0});
    if (guard.valid())
      push(FrameKind::Check, guard, TypeStore::kBool, origin(OriginKind::Guard, arm));
    push(FrameKind::PatCheck, file_.child_or_none(arm, 0), arg, 0, ctx, 0, guard.valid() ? kGuarded : 0);
  }
}

void Checker::close_match(const Frame& f) {
  MatchContext& ctx = matches_[f.a];
  // One entry per position: its enum type and the tags the arms match there.
  struct Position {
    uint32_t path;
    TypeId type;
    std::vector<uint32_t> keys;
  };
  std::vector<Position> positions;
  for (const MatchContext::EnumSite& site : ctx.enum_sites) {
    auto it = std::find_if(positions.begin(), positions.end(),
                           [&](const Position& p) { return p.path == site.path; });
    if (it == positions.end()) {
      positions.push_back(Position{site.path, site.type, {}});
      it = positions.end() - 1;
    }
    it->keys.push_back(site.key);
  }
  for (const Position& pos : positions) {
    bool covered = false;
    for (uint32_t c : ctx.covered) {
      for (uint32_t p = pos.path;; p = path_parent_[p]) {
        if (p == c) covered = true;
        if (p == 0 || covered) break;
      }
      if (covered) break;
    }
    if (covered) continue;
    TypeId e = types_.resolve(pos.type);
    if (types_.kind(e) != TypeKind::Enum) continue;
    TypeId row = types_.resolve(TypeId(types_.node(e).a));
    base::NameId unhandled;
    while (types_.kind(row) == TypeKind::EnumExtend) {
      if (!unhandled.valid() &&
          std::find(pos.keys.begin(), pos.keys.end(), types_.row_key(row)) == pos.keys.end())
        unhandled = base::NameId(types_.node(row).a);
      row = types_.resolve(TypeId(types_.node(row).c));
    }
    TypeKind tk = types_.kind(row);
    if (tk == TypeKind::Unif) unifier_.unify(row, TypeStore::kEnumEmpty, level_);
    if (unhandled.valid() && type_error_allowed()) {
      std::string tag = "'" + TypePrinter::label(names_.text(unhandled));
      TypePrinter p(types_);
      diags_
          .error(diag::DiagKind::MatchNotExhaustive, loc(f.node),
                 fmt::format("this `match` does not handle the tag `{}`", tag))
          .primary(fmt::format("the matched value has type `{}`", p.print(e)))
          .help(fmt::format("add an arm for `{}`, or a catch-all arm `_ => ...`", tag));
      return;
    }
    if (tk == TypeKind::Rigid && type_error_allowed()) {
      TypePrinter p(types_);
      diags_
          .error(diag::DiagKind::MatchNotPolymorphic, loc(f.node),
                 fmt::format("this `match` handles only the tags it lists, but its type `{}` "
                             "allows any other tag",
                             p.print(e)))
          .primary("no catch-all arm")
          .help("add a catch-all arm `_ => ...`, or remove the polymorphic tail from the type");
      return;
    }
  }
}

void Checker::pat_check(const Frame& f) {
  NodeId n = f.node;
  if (!n.valid()) return;
  TypeId t = f.type.valid() ? f.type : TypeStore::kError;
  uint32_t ctx = f.a;
  uint32_t path = ctx ? f.b : 0;
  NodeId alias_value = ctx ? NodeId() : dec(f.b);
  uint8_t flags = f.flags;
  auto cover = [&]() {
    if (ctx && !(flags & kGuarded)) matches_[ctx].covered.push_back(path);
  };
  ast::Children kids = file_.children(n);
  switch (file_.kind(n)) {
  case NodeKind::PatAny:
    bind(file_.name(n), t, n, 0, alias_value);
    cover();
    return;
  case NodeKind::PatWildcard: cover(); return;
  case NodeKind::PatAlias:
    bind(file_.name(n), t, n, 0);
    push(FrameKind::PatCheck, file_.child_or_none(n, 0), t, 0, ctx, ctx ? path : 0, flags);
    return;
  case NodeKind::PatConst: {
    NodeId c = file_.child_or_none(n, 0);
    TypeId ct = TypeStore::kDyn;
    if (c.valid()) {
      switch (file_.kind(c)) {
      case NodeKind::Num: ct = TypeStore::kNumber; break;
      case NodeKind::Str: ct = TypeStore::kString; break;
      case NodeKind::Bool: ct = TypeStore::kBool; break;
      case NodeKind::Error:
      case NodeKind::Null:
      case NodeKind::SymStr:
      case NodeKind::Var:
      case NodeKind::EnumTag:
      case NodeKind::EnumVariant:
      case NodeKind::Record:
      case NodeKind::Array:
      case NodeKind::Let:
      case NodeKind::Fun:
      case NodeKind::Select:
      case NodeKind::BinOp:
      case NodeKind::Annot:
      case NodeKind::Import:
      case NodeKind::Paren:
      CAIRN_AST_OPERATION_CASES
      CAIRN_AST_TYPE_FORM_CASES
      CAIRN_AST_PAT_CASES
      CAIRN_AST_PART_CASES break;
      }
    }
    expect(n, ct, t, origin(OriginKind::Pattern, n), RelateMode::Unify);
    return;
  }
  case NodeKind::PatEnum: {
    NodeId sub = file_.child_or_none(n, 0);
    TypeId arg = sub.valid() ? fresh() : TypeId();
    bool open = ctx || (flags & kInOr);
    TypeId tail = open ? fresh_row(VarKind::EnumRow) : TypeStore::kEnumEmpty;
    TypeId found = types_.enum_type(types_.enum_extend(file_.name(n), arg, tail));
    constrain_rows(types_, found);
    if (!expect(n, found, t, origin(OriginKind::Pattern, n), RelateMode::Unify) && sub.valid())
      arg = TypeStore::kError;
    if (ctx)
      matches_[ctx].enum_sites.push_back({path, t, file_.payload(n) * 2 + (sub.valid() ? 1 : 0)});
    if (sub.valid())
      push(FrameKind::PatCheck, sub, arg, 0, ctx,
           ctx ? path_child(path, kPathVariant, file_.payload(n)) : 0, flags);
    return;
  }
  case NodeKind::PatRecord: {
    bool open = file_.has_flag(n, ast::kOpen) || file_.has_flag(n, ast::kRest);
    TypeId tail = open ? fresh_row(VarKind::RecordRow) : TypeStore::kRowEmpty;
    std::vector<TypeId> fts(kids.size());
    for (uint32_t i = 0; i < kids.size(); ++i) {
      NodeId meta = file_.child_or_none(kids[i], 0);
      MetaInfo m = read_meta(meta);
      walk_meta_contracts(meta);
      fts[i] = m.type.valid() ? convert(m.type, true) : fresh();
    }
    TypeId row = tail;
    for (uint32_t i = kids.size(); i-- > 0;)
      row = types_.row_extend(file_.name(kids[i]), fts[i], row);
    TypeId found = types_.record(row);
    constrain_rows(types_, found);
    expect(n, found, t, origin(OriginKind::Pattern, n), RelateMode::Unify);
    if (file_.has_flag(n, ast::kRest)) bind(file_.name(n), types_.record(tail), n, 0);
    for (uint32_t i = kids.size(); i-- > 0;) {
      NodeId field = kids[i];
      NodeId def = file_.child_or_none(field, 1);
      NodeId sub = file_.child_or_none(field, 2);
      if (sub.valid())
        push(FrameKind::PatCheck, sub, fts[i], 0, ctx,
             ctx ? path_child(path, kPathField, file_.payload(field)) : 0, flags);
      else
        bind(file_.name(field), fts[i], field, 0);
      if (def.valid()) push(FrameKind::Check, def, fts[i]);
    }
    return;
  }
  case NodeKind::PatArray: {
    TypeId elem = fresh();
    TypeId arr = types_.array(elem);
    if (!expect(n, arr, t, origin(OriginKind::Pattern, n), RelateMode::Unify))
      elem = TypeStore::kError;
    if (file_.has_flag(n, ast::kRest)) bind(file_.name(n), arr, n, 0);
    for (uint32_t i = kids.size(); i-- > 0;)
      push(FrameKind::PatCheck, kids[i], elem, 0, ctx, ctx ? path_child(path, kPathElem, 0) : 0,
           flags);
    return;
  }
  case NodeKind::PatOr: {
    check_or_pattern_vars(n);
    uint32_t first = mark();
    for (uint32_t i = kids.size(); i-- > 1;)
      push(FrameKind::OrAlt, kids[i], t, ctx, first, path, flags | kInOr);
    push(FrameKind::PatCheck, kids[0], t, 0, ctx, path, flags | kInOr);
    return;
  }
  CAIRN_AST_EXPR_CASES
  case NodeKind::PatField:
  CAIRN_AST_PART_CASES return;
  }
}

void Checker::or_alt(const Frame& f) {
  uint32_t here = mark();
  push(FrameKind::OrJoin, f.node, TypeId(), 0, f.a, here, f.flags);
  if (f.flags & kWalkMode)
    push(FrameKind::PatWalk, f.node, f.type);
  else
    push(FrameKind::PatCheck, f.node, f.type, 0, f.origin, f.b, f.flags);
}

void Checker::or_join(const Frame& f) {
  if (!(f.flags & kWalkMode)) {
    for (uint32_t i = f.b; i < bindings_.size(); ++i) {
      for (uint32_t j = f.a; j < f.b; ++j) {
        if (bindings_[j].name != bindings_[i].name) continue;
        if (unifier_.unify(bindings_[j].type, bindings_[i].type, level_) && type_error_allowed()) {
          TypePrinter p(types_);
          std::string name(names_.text(bindings_[i].name));
          diags_
              .error(
                  diag::DiagKind::TypeMismatch, loc(bindings_[i].def),
                  fmt::format(
                      "variable `{}` has type `{}` in this alternative but `{}` in the first one",
                      name, p.print(bindings_[i].type), p.print(bindings_[j].type)))
              .label(loc(bindings_[j].def), fmt::format("`{}` is bound here", name))
              .help("every alternative of an or-pattern must give its variables the same types");
        }
        break;
      }
    }
  }
  pop_to(f.b);
}

void Checker::collect_pattern_vars(NodeId pat,
                                   std::vector<std::pair<base::NameId, NodeId>>& out) const {
  std::vector<NodeId> stack{pat};
  while (!stack.empty()) {
    NodeId n = stack.back();
    stack.pop_back();
    if (!n.valid()) continue;
    ast::Children kids = file_.children(n);
    switch (file_.kind(n)) {
    case NodeKind::PatAny: out.emplace_back(file_.name(n), n); break;
    case NodeKind::PatAlias:
      out.emplace_back(file_.name(n), n);
      stack.push_back(file_.child_or_none(n, 0));
      break;
    case NodeKind::PatRecord:
    case NodeKind::PatArray:
      if (file_.has_flag(n, ast::kRest)) out.emplace_back(file_.name(n), n);
      for (uint32_t i = kids.size(); i-- > 0;) stack.push_back(kids[i]);
      break;
    case NodeKind::PatField:
      if (file_.child_or_none(n, 2).valid())
        stack.push_back(file_.child_or_none(n, 2));
      else
        out.emplace_back(file_.name(n), n);
      break;
    case NodeKind::PatEnum: stack.push_back(file_.child_or_none(n, 0)); break;
    case NodeKind::PatOr: stack.push_back(file_.child_or_none(n, 0)); break;
    CAIRN_AST_EXPR_CASES
    case NodeKind::PatWildcard:
    case NodeKind::PatConst:
    CAIRN_AST_PART_CASES break;
    }
  }
}

void Checker::check_or_pattern_vars(NodeId pat) {
  ast::Children alts = file_.children(pat);
  if (alts.size() < 2) return;
  std::vector<std::pair<base::NameId, NodeId>> first, other;
  collect_pattern_vars(alts[0], first);
  auto has = [](const std::vector<std::pair<base::NameId, NodeId>>& v, base::NameId name) {
    return std::any_of(v.begin(), v.end(), [&](const auto& p) { return p.first == name; });
  };
  for (uint32_t k = 1; k < alts.size(); ++k) {
    other.clear();
    collect_pattern_vars(alts[k], other);
    for (const auto& [name, node] : first) {
      if (has(other, name)) continue;
      diags_
          .error(diag::DiagKind::OrPatternVariables, loc(alts[k]),
                 fmt::format("variable `{}` is not bound in this alternative", names_.text(name)))
          .label(loc(node),
                 fmt::format("`{}` is bound in the first alternative", names_.text(name)))
          .help("every alternative of an or-pattern must bind the same variables");
      break;
    }
    for (const auto& [name, node] : other) {
      if (has(first, name)) continue;
      diags_
          .error(diag::DiagKind::OrPatternVariables, loc(node),
                 fmt::format("variable `{}` is bound in this alternative but not in the first one",
                             names_.text(name)))
          .label(loc(alts[0]), "the first alternative")
          .help("every alternative of an or-pattern must bind the same variables");
      break;
    }
  }
}

} // namespace cairn::check
