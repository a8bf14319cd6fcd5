// Types in contract position: `Number`, `Array T`, `{_ | T}`, `T -> U`, enum rows, record
// types and `forall` become contract values. `forall a. T` becomes a Forall contract over
// `fun a => T`: each application passes a fresh sealing contract for `a` (runtime/eval/
// contract_poly.cpp), so type variables seal and unseal, and a record type whose tail is
// a type variable (`{ f : T; r }`) becomes a Tail contract. Enum rows with a type variable
// tail stay open (they check nothing of the other tags).
#include "compiler/ast/kind_cases.h"
#include "compiler/lower/lower_impl.h"

namespace cairn::lower {

using ast::NodeId;
using ast::NodeKind;

const ir::Node* Lowerer::builtin_contract(value::ContractKind k, NodeId at) {
  auto* c = arena_.make<value::Contract>();
  c->h = value::Obj{value::ObjKind::Contract, 0, static_cast<uint16_t>(k), 0};
  c->a = value::Value();
  c->b = value::Value();
  return constant(value::Value::object(c), at);
}

const ir::Node* Lowerer::contract(NodeId n) {
  if (!check_depth(n)) return builtin_contract(value::ContractKind::Dyn, n);
  switch (f_.kind(n)) {
  case NodeKind::TypeBuiltin: {
    switch (static_cast<ast::BuiltinType>(f_.payload(n))) {
    case ast::BuiltinType::Dyn: return builtin_contract(value::ContractKind::Dyn, n);
    case ast::BuiltinType::Number: return builtin_contract(value::ContractKind::Number, n);
    case ast::BuiltinType::Bool: return builtin_contract(value::ContractKind::Bool, n);
    case ast::BuiltinType::String: return builtin_contract(value::ContractKind::String, n);
    }
    return builtin_contract(value::ContractKind::Dyn, n);
  }
  case NodeKind::Wildcard: return builtin_contract(value::ContractKind::Dyn, n);
  case NodeKind::TypeArray: return prim(ir::PrimOp::ContractArray, n, {contract(f_.child(n, 0))});
  case NodeKind::TypeDict: return prim(ir::PrimOp::ContractDict, n, {contract(f_.child(n, 0))});
  case NodeKind::Forall: return forall(n);
  case NodeKind::Paren: return contract(f_.child(n, 0));
  case NodeKind::Record:
    if (const ir::Node* c = polymorphic_tail(n)) return c;
    return record(n, true);
  case NodeKind::BinOp:
    if (static_cast<ast::BinOpKind>(f_.payload(n)) == ast::BinOpKind::Arrow)
      return prim(ir::PrimOp::ContractArrow, n, {contract(f_.child(n, 0)), contract(f_.child(n, 1))});
    return expr(n);
  case NodeKind::TypeEnum: {
    std::vector<const ir::Node*> rows;
    for (NodeId k : f_.children(n)) {
      if (f_.kind(k) != NodeKind::EnumRow) continue;
      ast::Children arg = f_.children(k);
      if (arg.empty() || !arg[0].valid()) {
        rows.push_back(constant(value::Value::enum_tag(f_.name(k)), k));
      } else {
        auto* v = node<ir::Variant>(ir::Kind::Variant, k);
        v->tag = f_.name(k);
        v->arg = contract(arg[0]);
        rows.push_back(v);
      }
    }
    auto* a = node<ir::Array>(ir::Kind::Array, n);
    a->size = static_cast<uint32_t>(rows.size());
    a->elems = array(rows);
    return prim(ir::PrimOp::ContractEnum, n,
                {a, constant(value::Value::boolean(f_.has_flag(n, ast::kEnumTail)), n)});
  }
  case NodeKind::Error:
  case NodeKind::Null:
  case NodeKind::Bool:
  case NodeKind::Num:
  case NodeKind::Str:
  case NodeKind::SymStr:
  case NodeKind::Var:
  case NodeKind::EnumTag:
  case NodeKind::EnumVariant:
  case NodeKind::Array:
  case NodeKind::Let:
  case NodeKind::Fun:
  case NodeKind::If:
  case NodeKind::Match:
  case NodeKind::App:
  case NodeKind::Select:
  case NodeKind::Neg:
  case NodeKind::Not:
  case NodeKind::OpSection:
  case NodeKind::Annot:
  case NodeKind::Import:
  CAIRN_AST_PAT_CASES
  CAIRN_AST_PART_CASES break;
  }
  return expr(n);
}

// `forall a b. T`: Forall(fun a => Forall(fun b => T)), the frames pushed outermost first.
const ir::Node* Lowerer::forall(NodeId n) {
  ast::Children kids = f_.children(n);
  std::vector<ir::Lambda*> lams;
  for (uint32_t i = 0; i + 1 < kids.size(); ++i) {
    auto* lam = node<ir::Lambda>(ir::Kind::Lambda, kids[i]);
    frames_.push_back(Frame{});
    assign_slot(kids[i], new_slot());
    forall_vars_.emplace_back(f_.name(kids[i]), kids[i]);
    lams.push_back(lam);
  }
  const ir::Node* body = contract(kids.back());
  for (size_t i = lams.size(); i-- > 0;) {
    lams[i]->arity = 1;
    lams[i]->body = body;
    lams[i]->frame_size = frames_.back().size;
    lams[i]->name = {};
    frames_.pop_back();
    forall_vars_.pop_back();
    body = prim(ir::PrimOp::ContractForall, n, {lams[i]});
  }
  return body;
}

// Inside a forall, a record type: `{ f : T, ..; r }` with r one of the forall's variables,
// or `{ f : T, .. }` with only typed fields and no definitions, becomes Tail(fields, var)
// (var Dyn for a closed one), whose field contracts see the polarity of the whole contract;
// null for other records, which stay record contracts.
const ir::Node* Lowerer::polymorphic_tail(NodeId n) {
  if (forall_vars_.empty() || f_.has_flag(n, ast::kRecordOpen)) return nullptr;
  const ir::Node* var = nullptr;
  for (NodeId k : f_.children(n)) {
    if (f_.kind(k) == NodeKind::RecordTail) {
      if (f_.has_flag(k, ast::kTailDyn)) return nullptr;
      base::NameId name(static_cast<uint32_t>(f_.payload(k)));
      for (size_t i = forall_vars_.size(); i-- > 0 && !var;) {
        if (forall_vars_[i].first != name) continue;
        auto it = binder_slots_.find(forall_vars_[i].second.index);
        if (it == binder_slots_.end()) return nullptr;
        var = slot_var(it->second, k, name);
      }
      if (!var) return nullptr;
      continue;
    }
    if (f_.kind(k) != NodeKind::Field) return nullptr; // an include
    NodeId path = f_.child_or_none(k, 0), meta = f_.child_or_none(k, 1), value = f_.child_or_none(k, 2);
    if (!path.valid() || f_.children(path).size() != 1 || f_.kind(f_.child(path, 0)) != NodeKind::Name) return nullptr;
    if (value.valid() || !meta.valid() || f_.children(meta).empty()) return nullptr;
    for (NodeId a : f_.children(meta))
      if (f_.kind(a) != NodeKind::TypeAnnot) return nullptr;
  }
  if (!var) var = builtin_contract(value::ContractKind::Dyn, n);
  return prim(ir::PrimOp::ContractTail, n, {record(n, true), var});
}

// A read of a field whose literal type typed code relied on, checked by that type's contract.
const ir::Node* Lowerer::guarded(const ir::Node* var, NodeId at, TypeGuard guard) {
  const ir::Node* c = nullptr;
  switch (guard) {
  case TypeGuard::Number: c = builtin_contract(value::ContractKind::Number, at); break;
  case TypeGuard::String: c = builtin_contract(value::ContractKind::String, at); break;
  case TypeGuard::Bool: c = builtin_contract(value::ContractKind::Bool, at); break;
  case TypeGuard::Array:
    c = prim(ir::PrimOp::ContractArray, at, {builtin_contract(value::ContractKind::Dyn, at)});
    break;
  }
  auto* a = node<ir::Annot>(ir::Kind::Annot, at);
  a->value = var;
  a->ncontracts = 1;
  a->contracts = copy(std::vector<ir::ContractUse>{{c, f_.span(at), true}});
  return a;
}

std::vector<ir::ContractUse> Lowerer::contracts_of(NodeId meta) {
  std::vector<ir::ContractUse> uses;
  for (NodeId a : f_.children(meta)) {
    NodeKind k = f_.kind(a);
    if (k != NodeKind::TypeAnnot && k != NodeKind::ContractAnnot) continue;
    // The standard library's static types are for the type checker; they are not
    // enforced at run time (its builtins check their arguments).
    if (k == NodeKind::TypeAnnot && m_.is_std) continue;
    NodeId c = f_.child(a, 0);
    uses.push_back({contract(c), f_.span(c), k == NodeKind::TypeAnnot});
  }
  return uses;
}

} // namespace cairn::lower
