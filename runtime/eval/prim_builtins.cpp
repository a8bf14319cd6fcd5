// Routing of standard library builtins to their group.
#include <fmt/core.h>

#include "runtime/eval/prim.h"

namespace cairn::eval {

Step call_builtin(Machine& m, const ir::Prim* p, Value* args) {
  std::string_view name = ir::prim_info(p->op()).spelling;
  if (name.rfind("string_", 0) == 0) return call_string_builtin(m, p, args);
  if (name.rfind("array_", 0) == 0) return call_array_builtin(m, p, args);
  if (name.rfind("base64_", 0) == 0) return call_base64_builtin(m, p, args);
  if (name.rfind("record_", 0) == 0) return call_record_builtin(m, p, args);
  return call_misc_builtin(m, p, args);
}

} // namespace cairn::eval
