// String interpolation: `"a%{x}b"` once its parts are values (`interpolate`), and the
// fast path that builds the string straight from parts already at hand
// (`interpolate_ready`), without frames, value-stack traffic or intermediate strings.
#include <fmt/core.h>

#include <charconv>
#include <cstring>
#include <vector>

#include "compiler/value/number.h"
#include "compiler/value/string.h"
#include "runtime/eval/fast.h"
#include "runtime/eval/prim.h"

namespace cairn::eval {

// Interpolation converts what `std.to_string` converts (numbers as Nickel prints them,
// booleans, null, enum tags); anything else is a type error located at the part.
Step interpolate(Machine& m, const ir::Interp* s, const Value* parts) {
  Value unknown;
  size_t size = 0;
  std::vector<Value> converted; // only when a part is not a string
  const Value* text = parts;
  for (uint32_t i = 0; i < s->nparts; ++i) {
    Value v = parts[i];
    if (v.is_unknown()) {
      unknown = unknown_union(m, unknown, v);
      continue;
    }
    if (!v.is_string()) {
      Value str;
      if (v.is_number()) str = make_string(m, value::num::to_string(v));
      else if (v.is_bool()) str = make_string(m, v.as_bool() ? "true" : "false");
      else if (v.is_null()) str = make_string(m, "null");
      else if (v.is_enum_tag()) str = make_string(m, m.names().text(v.enum_tag()));
      if (!str.is_none()) {
        if (converted.empty()) converted.assign(parts, parts + s->nparts);
        converted[i] = str;
        text = converted.data();
      }
    }
    if (!text[i].is_string()) {
      auto b = m.error(diag::DiagKind::EvalTypeMismatch, s->parts[i].expr->loc(),
                       fmt::format("only strings, numbers, booleans, null and enum tags can be "
                                   "interpolated, this is {}",
                                   describe(m, v)));
      b.primary("interpolated here");
      return Step::fail();
    }
    auto* str = text[i].as<value::String>();
    size += str->size();
    if (s->parts[i].indent) {
      for (char c : str->view()) size += c == '\n' ? s->parts[i].indent : 0;
    }
  }
  if (!unknown.is_none()) return Step::ret(unknown);
  value::String* out = value::str::alloc(m.arena(), static_cast<uint32_t>(size));
  char* w = out->data();
  bool simple = true;
  for (uint32_t i = 0; i < s->nparts; ++i) {
    auto* str = text[i].as<value::String>();
    simple = simple && str->simple();
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
  return Step::ret(value::str::finish_as(out, simple));
}

// A part's value when the fast path can take it: a ready string or small integer, or the
// operand of `to_string` (`"%{std.to_string i}"`) when that is one, since both convert
// the same way; none for anything else (the general path converts it or reports it).
static Value ready_part(const ir::Node* e, value::Env* env) {
  if (e->kind == ir::Kind::Prim) {
    auto* p = static_cast<const ir::Prim*>(e);
    if (p->op() == ir::PrimOp::ToString) e = p->args[0];
  }
  Value v = fast_operand(e, env, kFastNesting);
  return v.is_string() || v.is_small_int() ? v : Value();
}

Value interpolate_ready(Machine& m, const ir::Interp* s, value::Env* env) {
  constexpr uint32_t kMaxParts = 8;
  if (s->nparts > kMaxParts) return Value();
  std::string_view text[kMaxParts];
  char digits[kMaxParts][24];
  size_t size = 0;
  bool simple = true;
  for (uint32_t i = 0; i < s->nparts; ++i) {
    const ir::InterpPart& part = s->parts[i];
    const value::String* str = part.text;
    if (part.expr) {
      if (part.indent) return Value();
      Value v = ready_part(part.expr, env);
      if (v.is_none()) return Value();
      if (v.is_small_int()) {
        char* end = std::to_chars(digits[i], digits[i] + sizeof digits[i], v.small_int()).ptr;
        text[i] = std::string_view(digits[i], end - digits[i]);
        size += text[i].size();
        continue;
      }
      str = v.as<value::String>();
    }
    text[i] = str->view();
    size += text[i].size();
    simple = simple && str->simple();
  }
  value::String* out = value::str::alloc(m.arena(), static_cast<uint32_t>(size));
  char* w = out->data();
  for (uint32_t i = 0; i < s->nparts; ++i) {
    std::memcpy(w, text[i].data(), text[i].size());
    w += text[i].size();
  }
  return value::str::finish_as(out, simple);
}

} // namespace cairn::eval
