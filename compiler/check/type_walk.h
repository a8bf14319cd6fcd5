// Traversals of types: substitution of bound variables, instantiation and skolemization
// of `forall`s, row constraints, and the occurs / level check behind unification.
//
// Every traversal uses an explicit stack and resolves unification variables as it goes;
// none recurses in C++. Inspecting traversals skip subtrees without variables
// (kHasVarsFlag): they hold no unification variable, no rigid one and no open row. Traversals that
// only inspect a type visit each bound unification variable once, so heavily shared types (a DAG
// through variable bindings) stay linear.
#pragma once

#include "compiler/check/types.h"

#include <utility>
#include <vector>

namespace cairn::check {

// Replaces the variables bound by the given binders (Var nodes) with types; rebuilds only
// the parts of `t` that change.
TypeId substitute(TypeStore& store, TypeId t,
                  const std::vector<std::pair<uint32_t, TypeId>>& subst);

// Strips the leading `forall`s of `t`, replacing their variables with fresh unification
// variables at `level`. Returns `t` itself when it is not a forall.
TypeId instantiate(TypeStore& store, TypeId t, uint32_t level);

// Strips the leading `forall`s of `t`, replacing their variables with fresh rigid variables
// at `level`; `rigids` receives (binder name, rigid type) for each, so annotations inside
// the checked expression can refer to the variables.
TypeId skolemize(TypeStore& store, TypeId t, uint32_t level,
                 std::vector<std::pair<base::NameId, TypeId>>* rigids);

// Records, for every row in `t` that ends in a unification variable, that the variable
// may not hold the labels before it (`{ a : T; r }`: `r` never gets an `a`).
void constrain_rows(TypeStore& store, TypeId t);

// The outcome of checking whether unification variable `unif` may be bound to `t`.
struct OccursResult {
  enum Kind : uint8_t { Ok, Occurs, Escapes } kind = Ok;
  TypeId rigid; // for Escapes: the rigid variable that would leave its scope
};

// Occurs check and level adjustment: fails when `t` contains the variable itself or a
// rigid variable younger than the variable's level; otherwise lowers the level of every
// unification variable in `t` to the variable's level.
OccursResult occurs_check(TypeStore& store, uint32_t unif, TypeId t);

// Whether `t` mentions a unification variable that is still unsolved.
bool has_unsolved(TypeStore& store, TypeId t);

} // namespace cairn::check
