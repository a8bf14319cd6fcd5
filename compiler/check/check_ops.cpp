// Typed code: operators; see checker.h.
//
// Arithmetic works on `Number`, `++` on `String`, `@` on arrays of one element type,
// comparisons give `Bool`, `==` and `!=` compare values of any two types. `x |> f` is the
// application `f x`. Merging `&` two closed record types gives the record of their fields
// (a field on both sides must have the same type); merging anything with `Dyn` gives
// `Dyn`; otherwise both sides must have the same type, which is the result.
#include "compiler/check/checker.h"

#include <fmt/core.h>
#include <unordered_map>

namespace cairn::check {

using ast::BinOpKind;
using ast::NodeId;
using ast::NodeKind;

namespace {

// The fields of a closed record type, in order; false when `t` is not one.
bool closed_fields(TypeStore& types, TypeId t, std::vector<TypeId>* rows) {
  if (types.kind(t) != TypeKind::Record) return false;
  TypeId row = types.resolve(TypeId(types.node(t).a));
  while (types.kind(row) == TypeKind::RowExtend) {
    rows->push_back(row);
    row = types.resolve(TypeId(types.node(row).c));
  }
  return types.kind(row) == TypeKind::RowEmpty;
}

} // namespace

// A type used as a value in typed code (`let c = Number -> T in ..`) is a contract; its
// parts must be types: a term inside (`Number -> (4 + 1)`) is refused, as Nickel does.
void Checker::contract_type_in_term_position(NodeId type) {
  if (!type_error_allowed()) return;
  std::vector<NodeId> todo{type};
  while (!todo.empty()) {
    NodeId n = todo.back();
    todo.pop_back();
    if (!n.valid()) continue;
    ast::Children kids = file_.children(n);
    NodeKind k = file_.kind(n);
    if (k == NodeKind::TypeBuiltin || k == NodeKind::Wildcard || k == NodeKind::Var || k == NodeKind::Error) continue;
    if (k == NodeKind::Paren || k == NodeKind::TypeArray || k == NodeKind::TypeDict) {
      if (!kids.empty()) todo.push_back(kids[0]);
      continue;
    }
    if (k == NodeKind::Forall) {
      todo.push_back(kids.back());
      continue;
    }
    if (k == NodeKind::TypeEnum) {
      for (NodeId row : kids)
        if (file_.kind(row) == NodeKind::EnumRow && !file_.children(row).empty()) todo.push_back(file_.child(row, 0));
      continue;
    }
    if (k == NodeKind::BinOp && static_cast<BinOpKind>(file_.payload(n)) == BinOpKind::Arrow) {
      todo.push_back(kids[0]);
      todo.push_back(kids[1]);
      continue;
    }
    if (k == NodeKind::Record && is_record_type(n)) continue;
    diags_
        .error(diag::DiagKind::ContractTypeInTermPosition, loc(n),
               "a type used as a value in typed code cannot contain this term")
        .primary("not a type")
        .help("bind the contract outside typed code, or use a type here");
    return;
  }
}

void Checker::check_binop(const Frame& f) {
  NodeId n = f.node;
  ast::Children kids = file_.children(n);
  auto op = static_cast<BinOpKind>(file_.payload(n));
  if (op == BinOpKind::Pipe) {
    check_app(f);
    return;
  }
  if (op == BinOpKind::Arrow) {
    contract_type_in_term_position(n);
    convert(n, false);
    expect(n, f.type, TypeStore::kDyn, f.origin);
    return;
  }
  if (op == BinOpKind::Merge) {
    if (f.step == 0) {
      TypeId l = fresh(), r = fresh();
      push(FrameKind::Check, n, f.type, f.origin, l.index, r.index, 0, 1);
      push(FrameKind::Check, kids[1], r);
      push(FrameKind::Check, kids[0], l);
      return;
    }
    TypeId l = types_.resolve(TypeId(f.a)), r = types_.resolve(TypeId(f.b));
    TypeId result;
    std::vector<TypeId> lrows, rrows;
    if (types_.kind(l) == TypeKind::Dyn || types_.kind(r) == TypeKind::Dyn) {
      result = TypeStore::kDyn;
    } else if (closed_fields(types_, l, &lrows) && closed_fields(types_, r, &rrows)) {
      std::unordered_map<uint32_t, TypeId> left;
      for (TypeId row : lrows) left.emplace(types_.node(row).a, TypeId(types_.node(row).b));
      std::vector<TypeId> extra;
      for (TypeId row : rrows) {
        auto it = left.find(types_.node(row).a);
        if (it == left.end()) {
          extra.push_back(row);
        } else if (unifier_.unify(it->second, TypeId(types_.node(row).b), level_) &&
                   type_error_allowed()) {
          TypePrinter p(types_);
          std::string field = TypePrinter::label(names_.text(base::NameId(types_.node(row).a)));
          std::string lt = p.print(it->second), rt = p.print(TypeId(types_.node(row).b));
          diags_
              .error(diag::DiagKind::TypeMismatch, loc(n),
                     fmt::format("cannot merge field `{}`: it has type `{}` on the left of `&` and "
                                 "`{}` on the right",
                                 field, lt, rt))
              .label(loc(kids[0]), fmt::format("`{}` has type `{}` here", field, lt))
              .label(loc(kids[1]), fmt::format("`{}` has type `{}` here", field, rt))
              .note("in typed code, a field on both sides of a merge must have the same type");
        }
      }
      TypeId tail = TypeStore::kRowEmpty;
      for (size_t i = extra.size(); i-- > 0;)
        tail = types_.row_extend(base::NameId(types_.node(extra[i]).a),
                                 TypeId(types_.node(extra[i]).b), tail);
      for (size_t i = lrows.size(); i-- > 0;)
        tail = types_.row_extend(base::NameId(types_.node(lrows[i]).a),
                                 TypeId(types_.node(lrows[i]).b), tail);
      result = types_.record(tail);
    } else {
      expect(kids[1], l, r, 0, RelateMode::Unify);
      result = l;
    }
    expect(n, f.type, result, f.origin);
    return;
  }
  TypeId operand, result;
  TypeId left_operand;
  switch (op) {
  case BinOpKind::Add:
  case BinOpKind::Sub:
  case BinOpKind::Mul:
  case BinOpKind::Div:
  case BinOpKind::Mod: operand = result = TypeStore::kNumber; break;
  case BinOpKind::Concat: operand = result = TypeStore::kString; break;
  case BinOpKind::Lt:
  case BinOpKind::Le:
  case BinOpKind::Gt:
  case BinOpKind::Ge:
    operand = TypeStore::kNumber;
    result = TypeStore::kBool;
    break;
  case BinOpKind::And:
  case BinOpKind::Or: operand = result = TypeStore::kBool; break;
  case BinOpKind::Eq:
  case BinOpKind::Ne:
    left_operand = fresh();
    operand = fresh();
    result = TypeStore::kBool;
    break;
  case BinOpKind::ArrayConcat: {
    TypeId r = types_.resolve(f.type);
    operand = result = types_.kind(r) == TypeKind::Array ? r : types_.array(fresh());
    break;
  }
  case BinOpKind::Merge:
  case BinOpKind::Pipe:
  case BinOpKind::Arrow: return; // handled above
  }
  if (!left_operand.valid()) left_operand = operand;
  push(FrameKind::Relate, n, f.type, f.origin, result.index,
       static_cast<uint32_t>(RelateMode::Subsume));
  uint32_t o = (op == BinOpKind::Eq || op == BinOpKind::Ne) ? 0 : origin(OriginKind::Operator, n);
  push(FrameKind::Check, kids[1], operand, o);
  push(FrameKind::Check, kids[0], left_operand, o);
}

} // namespace cairn::check
