// Primitive operations: dispatch, operators, type tests and control. The standard
// library's other builtins are in prim_string.cpp, prim_array.cpp, prim_record.cpp and
// prim_misc.cpp, all reached from `call_prim`.
#include "runtime/eval/prim.h"

#include <fmt/core.h>

#include "compiler/value/contract.h"
#include "compiler/value/number.h"
#include "compiler/value/string.h"

namespace cairn::eval {

using ir::PrimOp;

Step type_error(Machine& m, const ir::Prim* p, uint32_t i, std::string_view expected, Value got) {
  base::Loc loc = i < p->nargs ? p->arg_loc(i) : p->loc();
  auto b = m.error(diag::DiagKind::EvalTypeMismatch, loc,
                   fmt::format("expected {}, got {}", expected, describe(m, got)));
  if (!m.relocated()) b.primary(fmt::format("in this argument of `{}`", ir::prim_info(p->op()).spelling));
  return Step::fail();
}

namespace {

bool scalar(Value v) { return !v.is_obj() || v.is_string() || v.is(value::ObjKind::BigNum); }

bool scalar_equal(Value a, Value b) {
  if (a.is_number() && b.is_number()) return value::num::equal(a, b);
  if (a.is_string() && b.is_string()) return a.as<value::String>()->view() == b.as<value::String>()->view();
  return a == b;
}

Value type_tag(Machine& m, Value v) {
  const char* name = "Other";
  switch (value::type_of(v)) {
  case value::Type::Number: name = "Number"; break;
  case value::Type::Bool: name = "Bool"; break;
  case value::Type::String: name = "String"; break;
  case value::Type::Enum: name = "Enum"; break;
  case value::Type::Function: name = "Function"; break;
  case value::Type::Array: name = "Array"; break;
  case value::Type::Record: name = "Record"; break;
  case value::Type::Label: name = "Label"; break;
  case value::Type::Null:
  case value::Type::Other: name = "Other"; break;
  }
  if (v.is(value::ObjKind::Contract))
    name = v.as<value::Contract>()->kind() == value::ContractKind::Custom ? "CustomContract" : "Type";
  return Value::enum_tag(m.names().intern(name));
}

Step arithmetic(Machine& m, const ir::Prim* p, Value* a) {
  if (!a[0].is_number()) return type_error(m, p, 0, "a number", a[0]);
  if (!a[1].is_number()) return type_error(m, p, 1, "a number", a[1]);
  value::Arena& ar = m.arena();
  switch (p->op()) {
  case PrimOp::Add: return Step::ret(value::num::add(ar, a[0], a[1]));
  case PrimOp::Sub: return Step::ret(value::num::sub(ar, a[0], a[1]));
  case PrimOp::Mul: return Step::ret(value::num::mul(ar, a[0], a[1]));
  case PrimOp::Div:
  case PrimOp::Mod: {
    std::optional<Value> r =
        p->op() == PrimOp::Div ? value::num::div(ar, a[0], a[1]) : value::num::rem(ar, a[0], a[1]);
    if (!r) return m.fail(diag::DiagKind::DivisionByZero, p->loc(), "division by zero");
    return Step::ret(*r);
  }
  case PrimOp::Lt: return Step::ret(Value::boolean(value::num::compare(a[0], a[1]) < 0));
  case PrimOp::Le: return Step::ret(Value::boolean(value::num::compare(a[0], a[1]) <= 0));
  case PrimOp::Gt: return Step::ret(Value::boolean(value::num::compare(a[0], a[1]) > 0));
  case PrimOp::Ge: return Step::ret(Value::boolean(value::num::compare(a[0], a[1]) >= 0));
  default: return Step::fail();
  }
}

} // namespace

Step call_prim(Machine& m, const ir::Prim* p, Value* a) {
  PrimOp op = p->op();
  const ir::PrimInfo& info = ir::prim_info(op);
  // Strict operations on unknown values are unknown.
  Value unknown;
  for (uint32_t i = 0; i < p->nargs; ++i)
    if ((info.strict & (1u << i)) && a[i].is_unknown()) unknown = unknown_union(m, unknown, a[i]);
  if (!unknown.is_none()) return Step::ret(unknown);

  switch (op) {
  case PrimOp::Add:
    // The hot path: two small integers.
    if (a[0].is_small_int() && a[1].is_small_int()) {
      int64_t r = a[0].small_int() + a[1].small_int();
      if (Value::fits_small(r)) return Step::ret(Value::small_int(r));
    }
    return arithmetic(m, p, a);
  case PrimOp::Sub:
    if (a[0].is_small_int() && a[1].is_small_int()) {
      int64_t r = a[0].small_int() - a[1].small_int();
      if (Value::fits_small(r)) return Step::ret(Value::small_int(r));
    }
    return arithmetic(m, p, a);
  case PrimOp::Lt:
    if (a[0].is_small_int() && a[1].is_small_int()) return Step::ret(Value::boolean(a[0].small_int() < a[1].small_int()));
    return arithmetic(m, p, a);
  case PrimOp::Mul:
  case PrimOp::Div:
  case PrimOp::Mod:
  case PrimOp::Le:
  case PrimOp::Gt:
  case PrimOp::Ge: return arithmetic(m, p, a);
  case PrimOp::Neg:
    if (!a[0].is_number()) return type_error(m, p, 0, "a number", a[0]);
    return Step::ret(value::num::neg(m.arena(), a[0]));
  case PrimOp::Not:
    if (!a[0].is_bool()) return type_error(m, p, 0, "a boolean", a[0]);
    return Step::ret(Value::boolean(!a[0].as_bool()));
  case PrimOp::Eq:
  case PrimOp::Ne:
    if (scalar(a[0]) || scalar(a[1])) // a function and a scalar are different
      return Step::ret(Value::boolean(scalar_equal(a[0], a[1]) != (op == PrimOp::Ne)));
    return Step::start(equality_task(m, a[0], a[1], p->loc(), op == PrimOp::Ne));
  case PrimOp::Concat: {
    if (!a[0].is_string()) return type_error(m, p, 0, "a string", a[0]);
    if (!a[1].is_string()) return type_error(m, p, 1, "a string", a[1]);
    auto* x = a[0].as<value::String>();
    auto* y = a[1].as<value::String>();
    value::String* s = value::str::alloc(m.arena(), x->size() + y->size());
    std::memcpy(s->data(), x->data(), x->size());
    std::memcpy(s->data() + x->size(), y->data(), y->size());
    return Step::ret(value::str::finish_as(s, x->simple() && y->simple()));
  }
  case PrimOp::ArrayConcat: {
    if (!a[0].is_array()) return type_error(m, p, 0, "an array", a[0]);
    if (!a[1].is_array()) return type_error(m, p, 1, "an array", a[1]);
    auto* x = a[0].as<value::Array>();
    auto* y = a[1].as<value::Array>();
    if (y->size() == 0) return Step::ret(a[0]);
    if (x->size() == 0) return Step::ret(a[1]);
    value::Array* r = new_array(m, x->size() + y->size());
    std::copy(x->data, x->data + x->size(), r->data);
    std::copy(y->data, y->data + y->size(), r->data + x->size());
    return Step::ret(Value::object(r));
  }
  case PrimOp::Merge: return merge_values(m, a[0], a[1], p->loc(), {});
  case PrimOp::Typeof: return Step::ret(type_tag(m, a[0]));
  case PrimOp::IsNumber: return Step::ret(Value::boolean(a[0].is_number()));
  case PrimOp::IsBool: return Step::ret(Value::boolean(a[0].is_bool()));
  case PrimOp::IsString: return Step::ret(Value::boolean(a[0].is_string()));
  case PrimOp::IsEnum: return Step::ret(Value::boolean(a[0].is_enum_tag() || a[0].is(value::ObjKind::Variant)));
  case PrimOp::IsFunction: return Step::ret(Value::boolean(a[0].is_function()));
  case PrimOp::IsArray: return Step::ret(Value::boolean(a[0].is_array()));
  case PrimOp::IsRecord: return Step::ret(Value::boolean(a[0].is_record()));
  case PrimOp::Seq: return Step::force(a[1]);
  case PrimOp::FailWith: {
    if (!a[0].is_string()) return type_error(m, p, 0, "a string", a[0]);
    auto b = m.error(diag::DiagKind::UserFailure, p->loc(), std::string(a[0].as<value::String>()->view()));
    if (!m.relocated()) b.primary("failed here");
    return Step::fail();
  }
  default: return call_builtin(m, p, a);
  }
}

} // namespace cairn::eval
