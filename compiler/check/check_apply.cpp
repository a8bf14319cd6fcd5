// Typed code: function application and field access; see checker.h.
//
// Application infers the function's type first (a Check against a fresh variable), then
// peels one arrow per argument: a polymorphic function is instantiated as it is applied,
// an unknown one is unified with a fresh arrow, and anything else is "not a function".
// The arguments are checked against the parameter types and the result is subsumed into
// the expected type last, so errors point at the argument that is wrong.
//
// Field access `r.f` infers the record's type, then finds `f` in its row (extending an
// open row with a fresh field); a dictionary gives its element type. `r."%{k}"` needs a
// dictionary (a record type subsumes to one).
#include "compiler/check/checker.h"
#include "compiler/check/type_walk.h"

#include <fmt/core.h>

namespace cairn::check {

using ast::NodeId;
using ast::NodeKind;

void Checker::check_app(const Frame& f) {
  NodeId n = f.node;
  ast::Children kids = file_.children(n);
  bool pipe = file_.kind(n) == NodeKind::BinOp;
  NodeId fn = pipe ? kids[1] : kids[0];
  if (f.step == 0) {
    TypeId phi = fresh();
    Frame g = f;
    g.step = 1;
    g.a = phi.index;
    stack_.push_back(g);
    push(FrameKind::Check, fn, phi);
    return;
  }
  std::vector<NodeId> args;
  if (pipe)
    args.push_back(kids[0]);
  else
    args.assign(kids.begin() + 1, kids.end());
  TypeId cur(f.a);
  std::vector<TypeId> doms(args.size(), TypeStore::kError);
  for (size_t i = 0; i < args.size(); ++i) {
    TypeId r = types_.resolve(cur);
    while (types_.kind(r) == TypeKind::Forall) r = types_.resolve(instantiate(types_, r, level_));
    TypeKind k = types_.kind(r);
    if (k == TypeKind::Arrow) {
      doms[i] = TypeId(types_.node(r).a);
      cur = TypeId(types_.node(r).b);
    } else if (k == TypeKind::Unif) {
      TypeId a = fresh(), b = fresh();
      expect(fn, r, types_.arrow(a, b), 0, RelateMode::Unify);
      doms[i] = a;
      cur = b;
    } else {
      if (k != TypeKind::Error && type_error_allowed()) {
        TypePrinter p(types_);
        std::string shown = p.print(r);
        if (i == 0) {
          auto b = diags_.error(
              diag::DiagKind::NotAFunction, loc(fn),
              fmt::format("this expression is not a function: it has type `{}`", shown));
          b.primary("applied here");
          if (k == TypeKind::Dyn)
            b.help("it comes from untyped code: annotate its definition with a function type, or "
                   "add a contract "
                   "such as `| Dyn -> Dyn`");
        } else {
          diags_
              .error(diag::DiagKind::NotAFunction, loc(args[i]),
                     fmt::format("too many arguments: after {} argument{} the result has type "
                                 "`{}`, not a function",
                                 i, i == 1 ? "" : "s", shown))
              .primary("this argument is one too many");
        }
      }
      cur = TypeStore::kError;
      break;
    }
  }
  push(FrameKind::Relate, n, f.type, f.origin, cur.index,
       static_cast<uint32_t>(RelateMode::Subsume));
  for (size_t i = args.size(); i-- > 0;)
    push(FrameKind::Check, args[i], doms[i], origin(OriginKind::Argument, fn, doms[i]));
}

void Checker::check_select(const Frame& f) {
  NodeId n = f.node;
  NodeId rec = file_.child_or_none(n, 0);
  NodeId key = file_.child_or_none(n, 1);
  base::NameId label = static_label(key);
  if (!label.valid()) {
    if (!key.valid() || file_.kind(key) == NodeKind::Error) return;
    // r."%{k}": r must be a dictionary (a record type subsumes to one).
    TypeId elem = fresh();
    expect(n, f.type, elem, f.origin);
    push(FrameKind::Check, key, TypeStore::kString);
    push(FrameKind::Check, rec, types_.dict(elem));
    return;
  }
  if (f.step == 0) {
    if (rec.valid() && file_.kind(rec) == NodeKind::Var) {
      const Binding* b = lookup(file_.name(rec));
      if (b && (b->flags & kBuiltins)) {
        // A builtin of the standard library: trusted, typed by its use.
        expect(n, f.type, fresh(), f.origin);
        return;
      }
    }
    TypeId phi = fresh();
    Frame g = f;
    g.step = 1;
    g.a = phi.index;
    stack_.push_back(g);
    push(FrameKind::Check, rec, phi);
    return;
  }
  TypeId r = types_.resolve(TypeId(f.a));
  TypeId field = TypeStore::kError;
  std::string ltext = TypePrinter::label(names_.text(label));
  switch (types_.kind(r)) {
  case TypeKind::Record: {
    TypeId row = types_.resolve(TypeId(types_.node(r).a));
    bool found = false;
    std::vector<std::string> fields;
    while (types_.kind(row) == TypeKind::RowExtend) {
      const TypeNode& rn = types_.node(row);
      if (rn.a == label.index) {
        field = TypeId(rn.b);
        found = true;
        break;
      }
      fields.push_back(std::string(names_.text(base::NameId(rn.a))));
      row = types_.resolve(TypeId(rn.c));
    }
    if (found) break;
    if (types_.kind(row) == TypeKind::Unif) {
      field = fresh();
      TypeId ext = types_.record(types_.row_extend(label, field, fresh_row(VarKind::RecordRow)));
      constrain_rows(types_, ext);
      expect(rec, r, ext, 0, RelateMode::Unify);
      break;
    }
    if (!type_error_allowed()) break;
    auto b = diags_.error(diag::DiagKind::MissingField, loc(key),
                          fmt::format("no field `{}` in this record", ltext));
    b.primary("unknown field");
    if (fields.empty()) {
      b.note("the record has no fields");
    } else {
      std::string list;
      for (size_t i = 0; i < fields.size() && i < 8; ++i)
        list += (i ? ", `" : "`") + TypePrinter::label(fields[i]) + "`";
      if (fields.size() > 8) list += fmt::format(" and {} more", fields.size() - 8);
      b.note(fmt::format("the record's field{} {}", fields.size() == 1 ? " is" : "s are", list));
    }
    std::string guess = closest_name(ltext, fields);
    if (!guess.empty()) b.help(fmt::format("did you mean `{}`?", guess));
    break;
  }
  case TypeKind::Dict: field = TypeId(types_.node(r).a); break;
  case TypeKind::Unif: {
    field = fresh();
    TypeId ext = types_.record(types_.row_extend(label, field, fresh_row(VarKind::RecordRow)));
    constrain_rows(types_, ext);
    expect(rec, r, ext, 0, RelateMode::Unify);
    break;
  }
  case TypeKind::Error: break;
  case TypeKind::Dyn:
  case TypeKind::Number:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Array:
  case TypeKind::Enum:
  case TypeKind::Arrow:
  case TypeKind::Forall:
  case TypeKind::Var:
  case TypeKind::Rigid:
  case TypeKind::Contract:
  case TypeKind::RowEmpty:
  case TypeKind::RowDyn:
  case TypeKind::RowExtend:
  case TypeKind::EnumEmpty:
  case TypeKind::EnumExtend: {
    if (!type_error_allowed()) break;
    TypePrinter p(types_);
    auto b = diags_.error(
        diag::DiagKind::NotARecord, loc(rec),
        fmt::format("cannot access field `{}`: this expression has type `{}`, not a record", ltext,
                    p.print(r)));
    b.primary("not a record");
    if (types_.kind(r) == TypeKind::Dyn)
      b.help("it comes from untyped code: annotate its definition with a record type, or add a "
             "contract such as "
             "`| { " +
             ltext + " | T, .. }`");
    break;
  }
  }
  expect(n, f.type, field, f.origin);
}

} // namespace cairn::check
