// The array builtins of the standard library.
#include <fmt/core.h>

#include "runtime/eval/prim.h"

namespace cairn::eval {

Step call_array_builtin(Machine& m, const ir::Prim* p, Value* args) {
  (void)args;
  return m.fail(diag::DiagKind::NotImplemented, p->loc(),
                fmt::format("builtin `{}` is not implemented yet", ir::prim_info(p->op()).spelling));
}

} // namespace cairn::eval
