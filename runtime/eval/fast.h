// Fast paths of the evaluation loop: operands that are already values, and operators on
// small integers and immediates computed without frames, value-stack traffic or thunks.
//
// `ready` gives the value of a constant or of a variable whose slot holds a value (or an
// evaluated thunk), else none. `fast_binary` computes a strict binary operator on two such
// values when the result cannot fail and needs no allocation (small integers without
// overflow, comparisons of immediates), else returns none and the general path
// (call_prim) runs. Both are pure: using them changes no result, only the speed.
#pragma once

#include "compiler/lower/ir.h"
#include "runtime/eval/machine.h"

namespace cairn::eval {

// A slot's value: an evaluated thunk gives its value, any other thunk none.
[[gnu::always_inline]] inline Value done_value(Value x) {
  if (x.is_thunk()) {
    auto* t = x.as<value::Thunk>();
    return t->state() == value::ThunkState::Done ? t->value() : Value();
  }
  return x;
}

[[gnu::always_inline]] inline Value ready(const ir::Node* n, value::Env* env) {
  if (n->kind == ir::Kind::Const) return static_cast<const ir::Const*>(n)->value;
  if (n->kind != ir::Kind::Var) return Value();
  auto* v = static_cast<const ir::Var*>(n);
  value::Env* e = env;
  for (uint32_t d = v->depth; d > 0; --d) e = e->parent;
  return done_value(e->slots()[v->slot]);
}

// `x op y` on two small integers, for the operators the fast path computes (none for the
// others, an overflow out of the small range, a remainder by zero). `Op` is a template
// argument so that a caller knowing it (direct.cpp) compiles one case.
template <ir::PrimOp Op> [[gnu::always_inline]] inline Value small_binary(int64_t x, int64_t y) {
  using ir::PrimOp;
  int64_t r = 0;
  if constexpr (Op == PrimOp::Add) {
    r = x + y; // 61-bit operands: no 64-bit overflow
  } else if constexpr (Op == PrimOp::Sub) {
    r = x - y;
  } else if constexpr (Op == PrimOp::Mul) {
    if (__builtin_mul_overflow(x, y, &r)) return Value();
  } else if constexpr (Op == PrimOp::Mod) {
    if (y == 0) return Value();
    // 32-bit division is several times faster than 64-bit on common hardware.
    if (x == int32_t(x) && y == int32_t(y) && y != -1) r = int32_t(x) % int32_t(y);
    else r = x % y;
  } else if constexpr (Op == PrimOp::Lt) {
    return Value::boolean(x < y);
  } else if constexpr (Op == PrimOp::Le) {
    return Value::boolean(x <= y);
  } else if constexpr (Op == PrimOp::Gt) {
    return Value::boolean(x > y);
  } else if constexpr (Op == PrimOp::Ge) {
    return Value::boolean(x >= y);
  } else if constexpr (Op == PrimOp::Eq) {
    return Value::boolean(x == y);
  } else if constexpr (Op == PrimOp::Ne) {
    return Value::boolean(x != y);
  } else {
    return Value();
  }
  return Value::fits_small(r) ? Value::small_int(r) : Value();
}

[[gnu::always_inline]] inline Value fast_binary(ir::PrimOp op, Value a, Value b) {
  using ir::PrimOp;
  if (a.is_small_int() && b.is_small_int()) {
    int64_t x = a.small_int(), y = b.small_int();
    switch (op) {
#define CAIRN_SMALL(Op)                                                                            \
  case PrimOp::Op: return small_binary<PrimOp::Op>(x, y);
      CAIRN_SMALL(Add) CAIRN_SMALL(Sub) CAIRN_SMALL(Mul) CAIRN_SMALL(Mod) CAIRN_SMALL(Lt)
      CAIRN_SMALL(Le) CAIRN_SMALL(Gt) CAIRN_SMALL(Ge) CAIRN_SMALL(Eq) CAIRN_SMALL(Ne)
#undef CAIRN_SMALL
    default: return Value();
    }
  }
  // Booleans, null and enum tags are equal exactly when their words are.
  if ((op == PrimOp::Eq || op == PrimOp::Ne) && !a.is_obj() && !b.is_obj() && !a.is_small_int() &&
      !b.is_small_int() && !a.is_none() && !b.is_none())
    return Value::boolean((a == b) == (op == PrimOp::Eq));
  return Value();
}

// The value of `n` in `env` when it is a strict binary operator that the fast path
// computes on operands that are ready or are themselves such operators, nested at most
// kFastNesting deep (`(i * 7) % 13`); else none.
inline constexpr int kFastNesting = 2;
Value fast_prim_nested(const ir::Node* n, value::Env* env, int depth);

[[gnu::always_inline]] inline Value fast_operand(const ir::Node* n, value::Env* env, int depth) {
  if (n->kind == ir::Kind::Prim && depth > 0) return fast_prim_nested(n, env, depth - 1);
  return ready(n, env);
}

[[gnu::always_inline]] inline Value fast_prim(const ir::Node* n, value::Env* env, int depth = kFastNesting) {
  if (n->kind != ir::Kind::Prim) return Value();
  auto* p = static_cast<const ir::Prim*>(n);
  if (p->nargs != 2 || ir::prim_info(p->op()).strict != 0b11) return Value();
  Value a = fast_operand(p->args[0], env, depth);
  if (a.is_none()) return Value();
  Value b = fast_operand(p->args[1], env, depth);
  if (b.is_none()) return Value();
  return fast_binary(p->op(), a, b);
}

} // namespace cairn::eval
