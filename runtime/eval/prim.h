// Internal interface between the primitive operation dispatch (prim.cpp) and the files
// implementing groups of builtins.
#pragma once

#include <string_view>

#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

// Reports "expected <expected>, got ..." for argument `i` of `p`.
Step type_error(Machine& m, const ir::Prim* p, uint32_t i, std::string_view expected, Value got);

// The builtins of the standard library (everything but operators and control).
Step call_builtin(Machine& m, const ir::Prim* p, Value* args);
Step call_string_builtin(Machine& m, const ir::Prim* p, Value* args);
Step call_base64_builtin(Machine& m, const ir::Prim* p, Value* args);
Step call_array_builtin(Machine& m, const ir::Prim* p, Value* args);
// The array builtins that call a function per element and look at the results
// (array_loops.cpp): `p` is filter, partition, fold_left (with `acc`), all, any or elem;
// sort orders `arr` by `cmp`.
Step start_array_loop(const ir::Prim* p, const value::Array* arr, Value f, Value acc);
Step start_array_sort(const ir::Prim* p, const value::Array* arr, Value cmp);
Step call_record_builtin(Machine& m, const ir::Prim* p, Value* args);
Step call_misc_builtin(Machine& m, const ir::Prim* p, Value* args);

} // namespace cairn::eval
