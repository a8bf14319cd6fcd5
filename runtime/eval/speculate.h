// Edge mode: unknown results that depend on everything their operation could read.
//
// The deployment engine learns a resource's edges from one evaluation in which every
// resource's outputs are unknown (runtime/graph/conf_edges.cpp). For the edges to hold at
// apply time, whatever the outputs turn out to be, an operation that meets an unknown must
// return an unknown whose dependencies cover every read the operation could make once the
// unknown is known:
//
//   - a primitive operation (std builtins, operators, equality, serialization): the deep
//     dependencies of all its arguments, not only of the unknown it stopped at;
//   - `if` on an unknown condition, `match` on an unknown scrutinee (or guard), a field
//     selected by an unknown name, a record whose field names are unknown, merging, a
//     contract applied to an unknown, an unknown called as a function: every branch, arm,
//     candidate and argument.
//
// "Deep dependencies" of a value: it is forced, and so are its fields, elements, variant
// arguments and contract parts, and a function is applied to unknown arguments and its
// result followed the same way (a function's body may read outputs once it is called with
// the real value). These evaluations are speculative: they run nested in the loop, their
// errors are muted (a branch that fails would fail at apply time too, so its reads cannot
// matter), and their results are kept (evaluation is pure). Errors that end an evaluation
// (memory, time, stack) end it here too, and so does speculation nested deeper than
// kMaxSpeculationDepth (a recursion whose end depends on unknown outputs, E0627) or more
// than kMaxSpeculations of them in one run.
//
// Outside edge mode (the evaluations that compute values) these functions return the
// unknown as it is: its dependencies are then only those it met.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "runtime/eval/machine.h"

namespace cairn::eval {

inline constexpr uint32_t kMaxSpeculationDepth = 40;
inline constexpr uint64_t kMaxSpeculations = 2'000'000;

struct Machine::SpeculationCache {
  // A function object's result when applied to unknown arguments (none: it failed).
  std::unordered_map<const void*, Value> applied;
};

// `u` (an unknown) widened by the deep dependencies of `inputs`.
Step widen(Machine& m, Value u, const Value* inputs, size_t n, base::Loc where);
inline Step widen(Machine& m, Value u, std::initializer_list<Value> inputs, base::Loc where) {
  return widen(m, u, inputs.begin(), inputs.size(), where);
}
// A primitive operation's step, with an unknown result widened by the operation's arguments
// (also when the operation answers through a task).
Step widen_prim(Machine& m, const ir::Prim* p, Step s, const Value* args);
// `match` on an unknown: `u` widened by every arm from `first` on (guards and bodies, with
// the arm's variables bound to unknowns; defaults and contracts in its patterns).
Step widen_match(Machine& m, Value u, const ir::Match* match, uint32_t first, value::Env* env);
// A record literal whose dynamic field names are unknown: `u` widened by all its fields.
Step widen_record(Machine& m, Value u, const ir::Record* r, value::Env* env, const Value* names);

} // namespace cairn::eval
