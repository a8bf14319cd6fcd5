// String interpolation and the string builtins of the standard library.
#include <fmt/core.h>

#include <cstring>

#include "runtime/eval/prim.h"
#include "runtime/value/number.h"
#include "runtime/value/string.h"

namespace cairn::eval {

Step interpolate(Machine& m, const ir::Interp* s, const Value* parts) {
  Value unknown;
  size_t size = 0;
  for (uint32_t i = 0; i < s->nparts; ++i) {
    Value v = parts[i];
    if (v.is_unknown()) {
      unknown = unknown_union(m, unknown, v);
      continue;
    }
    if (!v.is_string()) {
      auto b = m.error(diag::DiagKind::EvalTypeMismatch, s->parts[i].expr->loc(),
                       fmt::format("only strings can be interpolated, this is {}", describe(m, v)));
      b.primary("interpolated here");
      if (v.is_number() || v.is_bool()) b.help("convert it with `std.to_string`");
      return Step::fail();
    }
    auto* str = v.as<value::String>();
    size += str->size();
    if (s->parts[i].indent) {
      for (char c : str->view()) size += c == '\n' ? s->parts[i].indent : 0;
    }
  }
  if (!unknown.is_none()) return Step::ret(unknown);
  value::String* out = value::str::alloc(m.arena(), static_cast<uint32_t>(size));
  char* w = out->data();
  for (uint32_t i = 0; i < s->nparts; ++i) {
    auto* str = parts[i].as<value::String>();
    uint32_t indent = s->parts[i].indent;
    if (!indent) {
      std::memcpy(w, str->data(), str->size());
      w += str->size();
      continue;
    }
    for (char c : str->view()) {
      *w++ = c;
      if (c == '\n') {
        std::memset(w, ' ', indent);
        w += indent;
      }
    }
  }
  return Step::ret(value::str::finish(out));
}

Step call_string_builtin(Machine& m, const ir::Prim* p, Value* args) {
  (void)args;
  return m.fail(diag::DiagKind::NotImplemented, p->loc(),
                fmt::format("builtin `{}` is not implemented yet", ir::prim_info(p->op()).spelling));
}

} // namespace cairn::eval
