// Types in contract position: `Number`, `Array T`, `{_ | T}`, `T -> U`, enum rows, record
// types and `forall` become contract values. Type variables are not sealed: they check
// nothing (Dyn), a simplification of Nickel's parametricity contracts.
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
  case NodeKind::Forall: return contract(f_.children(n).back());
  case NodeKind::Paren: return contract(f_.child(n, 0));
  case NodeKind::Record: return record(n, true);
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
  default: return expr(n);
  }
}

// A read of a field whose literal type typed code relied on, checked by that type's contract.
const ir::Node* Lowerer::guarded(const ir::Node* var, NodeId at, resolve::TypeGuard guard) {
  const ir::Node* c = nullptr;
  switch (guard) {
  case resolve::TypeGuard::Number: c = builtin_contract(value::ContractKind::Number, at); break;
  case resolve::TypeGuard::String: c = builtin_contract(value::ContractKind::String, at); break;
  case resolve::TypeGuard::Bool: c = builtin_contract(value::ContractKind::Bool, at); break;
  case resolve::TypeGuard::Array:
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
