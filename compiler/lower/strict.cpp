// Strictness of `let` bindings: when the body of a (non-recursive) `let x = e in body`
// surely forces `x` to weak head normal form, `e` is evaluated before the body and its
// value stored in the slot (`Let::kStrict`), which saves a thunk and an update frame.
//
// "Surely forces" follows only what evaluating `body` to weak head normal form evaluates on
// every path: the body itself when it is `x`, the function of an application, the record
// of a field access, the strict arguments of a primitive operation, the parts of an
// interpolation, the condition of an `if`, the scrutinee of a `match`, the bodies and
// strict values of nested lets. It never enters a lambda, a record or an array (their
// contents are lazy) nor the branches of an `if` (an unknown condition skips both).
// The walk is iterative and has a budget, so lowering stays linear.
//
// What changes: the value is computed before the parts of the body that precede its first
// use, so when both fail, the error reported may be the value's.
#include "compiler/lower/strict.h"

#include <vector>

namespace cairn::lower {

bool surely_forces(const ir::Node* body, uint32_t slot) {
  std::vector<const ir::Node*> work{body};
  int budget = 64;
  while (!work.empty() && budget-- > 0) {
    const ir::Node* n = work.back();
    work.pop_back();
    switch (n->kind) {
    case ir::Kind::Var: {
      auto* v = static_cast<const ir::Var*>(n);
      if (v->depth == 0 && v->slot == slot) return true;
      break;
    }
    case ir::Kind::Let: {
      auto* l = static_cast<const ir::Let*>(n);
      work.push_back(l->body);
      if (l->flags & ir::Let::kStrict) work.push_back(l->value);
      break;
    }
    case ir::Kind::If: work.push_back(static_cast<const ir::If*>(n)->cond); break;
    case ir::Kind::App: work.push_back(static_cast<const ir::App*>(n)->fn); break;
    case ir::Kind::Select: work.push_back(static_cast<const ir::Select*>(n)->record); break;
    case ir::Kind::SelectDyn: {
      auto* s = static_cast<const ir::SelectDyn*>(n);
      work.push_back(s->record);
      work.push_back(s->name);
      break;
    }
    case ir::Kind::Prim: {
      auto* p = static_cast<const ir::Prim*>(n);
      const ir::PrimInfo& info = ir::prim_info(p->op());
      for (uint32_t i = p->nargs; i-- > 0;)
        if (info.strict & (1u << i)) work.push_back(p->args[i]);
      break;
    }
    case ir::Kind::Interp: {
      auto* s = static_cast<const ir::Interp*>(n);
      for (uint32_t i = s->nparts; i-- > 0;)
        if (s->parts[i].expr) work.push_back(s->parts[i].expr);
      break;
    }
    case ir::Kind::Match: work.push_back(static_cast<const ir::Match*>(n)->scrutinee); break;
    case ir::Kind::Const:
    case ir::Kind::Std:
    case ir::Kind::Import:
    case ir::Kind::Lambda:
    case ir::Kind::Record:
    case ir::Kind::Array:
    case ir::Kind::Variant:
    case ir::Kind::Annot: break;
    }
  }
  return false;
}

} // namespace cairn::lower
