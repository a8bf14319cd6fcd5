// Typed code: the checking rules for expressions; see checker.h.
//
// Each handler checks one node against the expected type of its frame. Leaves relate
// their own type to the expectation (subsumption, so a polymorphic variable is
// instantiated and a record may stand for a dictionary); compound nodes pass expectations
// down to their children, creating unification variables for what is not known yet.
// Multi-step handlers (application, field access, let, merge) push themselves back with
// the next step before their children, and read the children's types from the variables
// they created.
#include "compiler/ast/kind_cases.h"
#include "compiler/check/checker.h"
#include "compiler/check/type_walk.h"

#include <fmt/core.h>

namespace cairn::check {

using ast::BinOpKind;
using ast::NodeId;
using ast::NodeKind;

void Checker::check_node(const Frame& f) {
  NodeId n = f.node;
  TypeId t = f.type;
  uint32_t o = f.origin;
  ast::Children kids = file_.children(n);
  switch (file_.kind(n)) {
  case NodeKind::Error: return;
  case NodeKind::Null: expect(n, t, TypeStore::kDyn, o); return;
  case NodeKind::Bool: expect(n, t, TypeStore::kBool, o); return;
  case NodeKind::Num: expect(n, t, TypeStore::kNumber, o); return;
  case NodeKind::Str: check_string(f); return;
  case NodeKind::SymStr:
    for (uint32_t i = kids.size(); i-- > 0;)
      if (file_.kind(kids[i]) == NodeKind::StrInterp)
        push(FrameKind::Check, file_.child_or_none(kids[i], 0), fresh());
    expect(n, t, TypeStore::kDyn, o);
    return;
  case NodeKind::Var: use_variable(n, t, o, true); return;
  case NodeKind::EnumTag:
  case NodeKind::EnumVariant: {
    bool variant = file_.kind(n) == NodeKind::EnumVariant;
    TypeId arg = variant ? fresh() : TypeId();
    TypeId found =
        types_.enum_type(types_.enum_extend(file_.name(n), arg, fresh_row(VarKind::EnumRow)));
    constrain_rows(types_, found);
    if (!expect(n, t, found, o, RelateMode::Unify) && variant) arg = TypeStore::kError;
    if (variant) push(FrameKind::Check, file_.child_or_none(n, 0), arg, o);
    return;
  }
  case NodeKind::Record: check_record(f); return;
  case NodeKind::Array: {
    TypeId r = types_.resolve(t);
    TypeId elem;
    uint32_t later = o;
    if (types_.kind(r) == TypeKind::Array) {
      elem = TypeId(types_.node(r).a);
    } else if (types_.kind(r) == TypeKind::Error) {
      elem = TypeStore::kError;
    } else {
      elem = fresh();
      if (!expect(n, t, types_.array(elem), o, RelateMode::Unify))
        elem = TypeStore::kError;
      else if (types_.kind(r) == TypeKind::Unif && !kids.empty())
        later = origin(OriginKind::Element, kids[0]);
    }
    for (uint32_t i = kids.size(); i-- > 0;)
      push(FrameKind::Check, kids[i], elem, i == 0 ? o : later);
    return;
  }
  case NodeKind::Let: check_let(f); return;
  case NodeKind::Fun: check_fun(f); return;
  case NodeKind::If: {
    uint32_t else_origin =
        types_.kind(types_.resolve(t)) == TypeKind::Unif ? origin(OriginKind::Branch, kids[1]) : o;
    push(FrameKind::Check, kids[2], t, else_origin);
    push(FrameKind::Check, kids[1], t, o);
    push(FrameKind::Check, kids[0], TypeStore::kBool, origin(OriginKind::Condition, n));
    return;
  }
  case NodeKind::Match: check_match(f); return;
  case NodeKind::App: check_app(f); return;
  case NodeKind::Select: check_select(f); return;
  case NodeKind::Neg:
  case NodeKind::Not: {
    TypeId operand = file_.kind(n) == NodeKind::Neg ? TypeStore::kNumber : TypeStore::kBool;
    push(FrameKind::Relate, n, t, o, operand.index, static_cast<uint32_t>(RelateMode::Subsume));
    push(FrameKind::Check, file_.child_or_none(n, 0), operand, origin(OriginKind::Operator, n));
    return;
  }
  case NodeKind::BinOp: check_binop(f); return;
  case NodeKind::OpSection: {
    uint32_t op = file_.payload(n);
    TypeId num = TypeStore::kNumber, str = TypeStore::kString, boo = TypeStore::kBool;
    auto fn2 = [&](TypeId a, TypeId b, TypeId r) { return types_.arrow(a, types_.arrow(b, r)); };
    TypeId sect = TypeStore::kDyn;
    if (op == ast::kSectionNot) {
      sect = types_.arrow(boo, boo);
    } else if (op != ast::kSectionDot) {
      switch (static_cast<BinOpKind>(op)) {
      case BinOpKind::Add:
      case BinOpKind::Sub:
      case BinOpKind::Mul:
      case BinOpKind::Div:
      case BinOpKind::Mod: sect = fn2(num, num, num); break;
      case BinOpKind::Concat: sect = fn2(str, str, str); break;
      case BinOpKind::Lt:
      case BinOpKind::Le:
      case BinOpKind::Gt:
      case BinOpKind::Ge: sect = fn2(num, num, boo); break;
      case BinOpKind::And:
      case BinOpKind::Or: sect = fn2(boo, boo, boo); break;
      case BinOpKind::Eq:
      case BinOpKind::Ne: sect = fn2(fresh(), fresh(), boo); break;
      case BinOpKind::ArrayConcat: {
        TypeId a = types_.array(fresh());
        sect = fn2(a, a, a);
        break;
      }
      case BinOpKind::Merge: {
        TypeId a = fresh();
        sect = fn2(a, a, a);
        break;
      }
      case BinOpKind::Pipe: {
        TypeId a = fresh(), b = fresh();
        sect = fn2(a, types_.arrow(a, b), b);
        break;
      }
      case BinOpKind::Arrow: break;
      }
    }
    expect(n, t, sect, o);
    return;
  }
  case NodeKind::Annot: check_annot(f); return;
  case NodeKind::Import: expect(n, t, import_type(n), o); return;
  case NodeKind::Paren: push(FrameKind::Check, file_.child_or_none(n, 0), t, o, 0, 0, f.flags); return;
  CAIRN_AST_TYPE_FORM_CASES
    // A type used as a value is a contract; its static type is Dyn.
    contract_type_in_term_position(n);
    convert(n, false);
    expect(n, t, TypeStore::kDyn, o);
    return;
  CAIRN_AST_PAT_CASES
  CAIRN_AST_PART_CASES return;
  }
}

void Checker::check_string(const Frame& f) {
  ast::Children kids = file_.children(f.node);
  uint32_t o = 0;
  for (uint32_t i = kids.size(); i-- > 0;) {
    if (file_.kind(kids[i]) != NodeKind::StrInterp) continue;
    if (o == 0) o = origin(OriginKind::Interpolation, f.node);
    push(FrameKind::Check, file_.child_or_none(kids[i], 0), TypeStore::kString, o);
  }
  expect(f.node, f.type, TypeStore::kString, f.origin);
}

void Checker::check_let(const Frame& f) {
  NodeId n = f.node;
  ast::Children kids = file_.children(n);
  uint32_t nb = kids.size() - 1;
  NodeId body = kids.back();
  // The type of binding `b`, and the frame that checks (or walks) its value.
  auto prepare = [&](NodeId b, Frame* value_frame) {
    MetaInfo m = read_meta(file_.child_or_none(b, 1));
    walk_meta_contracts(file_.child_or_none(b, 1));
    NodeId value = file_.child_or_none(b, 2);
    TypeId bt;
    if (m.type.valid()) {
      bt = convert(m.type, true);
      *value_frame = Frame{FrameKind::Check,
                           kBindTyvars,
                           0,
                           value,
                           bt,
                           origin(OriginKind::Annotation, m.type),
                           0,
                           0};
    } else if (m.contract.valid()) {
      bt = convert(m.contract, false);
      *value_frame = Frame{FrameKind::Walk, 0, 0, value, TypeId(), 0, 0, 0};
    } else {
      bt = fresh();
      *value_frame = Frame{FrameKind::Check, 0, 0, value, bt, 0, 0, 0};
    }
    return bt;
  };
  auto plain_value = [&](NodeId b) {
    MetaInfo m = read_meta(file_.child_or_none(b, 1));
    return m.type.valid() || m.contract.valid() ? NodeId() : file_.child_or_none(b, 2);
  };
  if (file_.has_flag(n, ast::kLetRec)) {
    std::vector<Frame> values(nb);
    std::vector<TypeId> bts(nb);
    for (uint32_t i = 0; i < nb; ++i) bts[i] = prepare(kids[i], &values[i]);
    push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
    push(FrameKind::Check, body, f.type, f.origin);
    for (uint32_t i = nb; i-- > 0;) push_scoped(values[i]);
    for (uint32_t i = nb; i-- > 0;)
      push(FrameKind::PatCheck, file_.child_or_none(kids[i], 0), bts[i], 0, 0, enc(plain_value(kids[i])));
    return;
  }
  if (f.step == 0) {
    Frame g = f;
    g.step = 1;
    g.a = static_cast<uint32_t>(pending_.size());
    std::vector<Frame> values(nb);
    for (uint32_t i = 0; i < nb; ++i) pending_.push_back(prepare(kids[i], &values[i]));
    stack_.push_back(g);
    for (uint32_t i = nb; i-- > 0;) push_scoped(values[i]);
    return;
  }
  push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
  push(FrameKind::Check, body, f.type, f.origin);
  for (uint32_t i = nb; i-- > 0;)
    push(FrameKind::PatCheck, file_.child_or_none(kids[i], 0), pending_[f.a + i], 0, 0,
         enc(plain_value(kids[i])));
  pending_.resize(f.a);
}

void Checker::check_fun(const Frame& f) {
  NodeId n = f.node;
  ast::Children kids = file_.children(n);
  uint32_t np = kids.size() - 1;
  std::vector<TypeId> doms(np, TypeStore::kError);
  TypeId cur = f.type;
  uint32_t levels = 0;
  for (uint32_t i = 0; i < np; ++i) {
    TypeId r = types_.resolve(cur);
    if (types_.kind(r) == TypeKind::Forall) {
      ++level_;
      ++levels;
      r = types_.resolve(skolemize(types_, r, level_, nullptr));
    }
    if (types_.kind(r) == TypeKind::Arrow) {
      doms[i] = TypeId(types_.node(r).a);
      cur = TypeId(types_.node(r).b);
    } else if (types_.kind(r) == TypeKind::Error) {
      cur = TypeStore::kError;
    } else if (types_.kind(r) != TypeKind::Unif && i > 0) {
      // The type runs out of arrows before the parameters do.
      if (type_error_allowed()) {
        TypePrinter p(types_);
        auto b =
            diags_.error(diag::DiagKind::TypeMismatch, loc(kids[i]),
                         fmt::format("this function has {} parameters, but its type `{}` allows {}",
                                     np, p.print(f.type), i));
        b.primary("one parameter too many");
        if (const base::Loc* at = types_.origin(types_.resolve(f.type)))
          b.label(*at, "the type is written here");
      }
      cur = TypeStore::kError;
      break;
    } else {
      TypeId a = fresh(), b = fresh();
      if (!expect(n, r, types_.arrow(a, b), f.origin, RelateMode::Unify)) {
        cur = TypeStore::kError;
        break;
      }
      doms[i] = a;
      cur = b;
    }
  }
  push(FrameKind::PopScope, NodeId(), TypeId(), 0, mark());
  for (uint32_t i = 0; i < levels; ++i) push(FrameKind::LeaveLevel, NodeId());
  push(FrameKind::Check, kids.back(), cur, f.origin);
  for (uint32_t i = np; i-- > 0;) push(FrameKind::PatCheck, kids[i], doms[i]);
}

void Checker::check_annot(const Frame& f) {
  NodeId n = f.node;
  NodeId expr = file_.child_or_none(n, 0);
  NodeId meta = file_.child_or_none(n, 1);
  MetaInfo m = read_meta(meta);
  walk_meta_contracts(meta);
  if (m.type.valid()) {
    TypeId u = convert(m.type, true);
    push(FrameKind::Relate, n, f.type, f.origin, u.index,
         static_cast<uint32_t>(RelateMode::Subsume));
    push_scoped(Frame{FrameKind::Check, kBindTyvars, 0, expr, u,
                      origin(OriginKind::Annotation, m.type), 0, 0});
  } else if (m.contract.valid()) {
    TypeId c = convert(m.contract, false);
    push(FrameKind::Walk, expr);
    expect(n, f.type, c, f.origin);
  } else {
    push(FrameKind::Check, expr, f.type, f.origin, 0, 0, f.flags);
  }
}

} // namespace cairn::check
