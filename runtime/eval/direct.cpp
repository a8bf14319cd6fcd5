// Direct calls of closures whose body is fast-path code; see direct.h.
//
// `init` compiles the body into straight-line code over value pointers: every variable is
// a pointer to its slot (the closure's environment chain is fixed, and the call's own
// environment is this object's), every constant a pointer into the IR, every nested
// operator a temporary. A lambda is compiled once per machine: the cache keeps its steps
// with their operands as places (own slot, temporary, slot `depth` environments up, fixed
// value), and `bind` turns them into pointers for each new closure. `call` runs the code:
// an operator loads its operands (an evaluated thunk gives its value; any other thunk, or
// an unwritten slot, gives up) and computes them with `fast_binary`; an `if` branches on a
// boolean. After the first call that succeeds, the leading steps that read only captured
// variables are dropped (`hoist`): their results stay in their temporaries.
#include "runtime/eval/direct.h"

#include <algorithm>

#include "runtime/eval/env_stack.h"
#include "runtime/eval/fast.h"

namespace cairn::eval {

using value::Value;

namespace {

// The operators `call` computes, each in three forms (store, return, branch): code
// k<Op> + form.
#define CAIRN_DIRECT_OPS(X) X(Add) X(Sub) X(Mul) X(Mod) X(Lt) X(Le) X(Gt) X(Ge) X(Eq) X(Ne)
enum Code : uint8_t {
  kMove,
  kMoveRet,
  kBranch,
  kJump,
#define CAIRN_CODES(Op) k##Op, k##Op##Ret, k##Op##Br,
  CAIRN_DIRECT_OPS(CAIRN_CODES)
#undef CAIRN_CODES
};

// The code of an operator instruction, or 0 when `call` does not compute `op`.
uint8_t op_code(ir::PrimOp op, int form) {
  switch (op) {
#define CAIRN_CASE(Op)                                                                             \
  case ir::PrimOp::Op: return static_cast<uint8_t>(k##Op + form);
    CAIRN_DIRECT_OPS(CAIRN_CASE)
#undef CAIRN_CASE
  default: return 0;
  }
}

// `a op b` on small integers inline; other values as `fast_binary` does (immediates for
// equality), else none.
template <ir::PrimOp Op> [[gnu::always_inline]] inline Value compute(Value a, Value b) {
  if ((((a.bits() ^ 1) | (b.bits() ^ 1)) & 7) == 0) return small_binary<Op>(a.small_int(), b.small_int());
  return fast_binary(Op, a, b);
}

// Operand `a` of a jump: every instruction loads one, and it must not be none.
const Value kSome = Value::boolean(true);

} // namespace

class DirectCall::Compiler {
public:
  Compiler(DirectCall& d) : d_(d) {}

  // A pointer to where the value of `n` will be once the code so far ran; null when `n`
  // is not of the fast kind. Operators go to a temporary.
  // `*lazy` is set when the slot may hold a thunk (a parameter or a variable from outside).
  const Value* operand(const ir::Node* n, int depth, bool* lazy) {
    *lazy = false;
    if (depth > 8) return nullptr;
    switch (n->kind) {
    case ir::Kind::Const: return &static_cast<const ir::Const*>(n)->value;
    case ir::Kind::Var: {
      *lazy = true;
      auto* v = static_cast<const ir::Var*>(n);
      value::Env* e = d_.env_;
      for (uint32_t i = v->depth; i > 0; --i) {
        e = e->parent;
        if (!e) return nullptr;
      }
      if (v->slot >= e->size) return nullptr;
      return &e->slots()[v->slot];
    }
    default: {
      Value* t = temp();
      if (!t || !into(n, t, depth, false)) return nullptr;
      return t;
    }
    }
  }

  // Code that stores the value of `n` in `dst`; in tail position, then returns.
  bool into(const ir::Node* n, Value* dst, int depth, bool tail) {
    if (depth > 8) return false;
    switch (n->kind) {
    case ir::Kind::Prim: {
      auto* p = static_cast<const ir::Prim*>(n);
      if (p->nargs != 2 || ir::prim_info(p->op()).strict != 0b11) return false;
      Binary bin;
      if (!binary(p, depth, &bin)) return false;
      return emit({tail ? Ins::BinRet : Ins::Bin, bin.op, bin.lazy, 0, 0, bin.a, bin.b, dst});
    }
    case ir::Kind::If: {
      auto* i = static_cast<const ir::If*>(n);
      size_t branch = d_.code_.size();
      if (i->cond->kind == ir::Kind::Prim && static_cast<const ir::Prim*>(i->cond)->nargs == 2 &&
          ir::prim_info(static_cast<const ir::Prim*>(i->cond)->op()).strict == 0b11) {
        // Compare and branch: the condition's value is not stored.
        auto* p = static_cast<const ir::Prim*>(i->cond);
        Binary bin;
        bool ok = binary(p, depth, &bin);
        branch = d_.code_.size();
        if (!ok || !emit({Ins::BinBranch, bin.op, bin.lazy, 0, 0, bin.a, bin.b, nullptr}))
          return false;
      } else {
        bool lc = false;
        const Value* c = operand(i->cond, depth + 1, &lc);
        branch = d_.code_.size();
        if (!c ||
            !emit({Ins::Branch, ir::PrimOp{}, lazy_bits(lc, false), 0, 0, c, nullptr, nullptr}))
          return false;
      }
      if (!into(i->then_, dst, depth + 1, tail)) return false;
      size_t jump = d_.code_.size();
      if (!tail && !emit({Ins::Jump, ir::PrimOp{}, 0, 0, 0, &kSome, nullptr, nullptr}))
        return false;
      d_.code_[branch].target = static_cast<uint16_t>(d_.code_.size());
      if (!into(i->else_, dst, depth + 1, tail)) return false;
      if (!tail) d_.code_[jump].target = static_cast<uint16_t>(d_.code_.size());
      return true;
    }
    case ir::Kind::Let: {
      auto* l = static_cast<const ir::Let*>(n);
      if (!(l->flags & ir::Let::kStrict) || l->slot >= d_.env_->size) return false;
      return into(l->value, &d_.env_->slots()[l->slot], depth + 1, false) &&
             into(l->body, dst, depth + 1, tail);
    }
    case ir::Kind::Const:
    case ir::Kind::Var: {
      bool la = false;
      const Value* src = operand(n, depth + 1, &la);
      return src && emit({tail ? Ins::MoveRet : Ins::Move, ir::PrimOp{}, lazy_bits(la, false), 0, 0,
                          src, nullptr, dst});
    }
    default: return false;
    }
  }

private:
  struct Binary {
    ir::PrimOp op;
    const Value* a = nullptr;
    const Value* b = nullptr;
    uint8_t lazy = 0;
  };
  // The operator and operands of a strict binary operation. An order comparison of a
  // difference with zero (`a - b < 0`, how comparators are written) compares `a` with `b`:
  // the same answer on exact numbers, one step less. Operands that are not small integers
  // give up either way (`compute` answers none for them), and the machine then runs the
  // code as written, with its errors.
  bool binary(const ir::Prim* p, int depth, Binary* out) {
    const ir::Node* l = p->args[0];
    const ir::Node* r = p->args[1];
    out->op = p->op();
    using ir::PrimOp;
    bool order = out->op == PrimOp::Lt || out->op == PrimOp::Le || out->op == PrimOp::Gt || out->op == PrimOp::Ge;
    if (order && r->kind == ir::Kind::Const && static_cast<const ir::Const*>(r)->value == Value::small_int(0) &&
        l->kind == ir::Kind::Prim) {
      auto* sub = static_cast<const ir::Prim*>(l);
      if (sub->op() == PrimOp::Sub && sub->nargs == 2) {
        l = sub->args[0];
        r = sub->args[1];
      }
    }
    bool la = false, lb = false;
    out->a = operand(l, depth + 1, &la);
    out->b = out->a ? operand(r, depth + 1, &lb) : nullptr;
    out->lazy = lazy_bits(la, lb);
    return out->b != nullptr;
  }
  static uint8_t lazy_bits(bool a, bool b) { return (a ? Ins::kLazyA : 0) | (b ? Ins::kLazyB : 0); }
  Value* temp() { return d_.ntemps_ < kTemps ? &d_.temps_[d_.ntemps_++] : nullptr; }
  bool emit(Ins in) {
    if (d_.code_.size() >= kMaxCode) return false;
    d_.code_.push_back(in);
    return true;
  }
  DirectCall& d_;
};

// A compiled body: the steps with their operands as places relative to a call (its
// parameters and lets, its temporaries, a slot of an enclosing environment `depth` up, or
// a fixed value such as a constant of the IR), bound to one DirectCall's storage by `bind`.
struct DirectCall::Cache::Compiled {
  enum Kind : uint8_t { kNull, kFixed, kOwn, kOuter, kTemp, kResult };
  struct Place {
    Kind kind = kNull;
    uint32_t depth = 0;
    uint32_t index = 0;
    const Value* fixed = nullptr;
  };
  bool ok = false;
  std::vector<Ins> code;
  std::vector<Place> places; // a, b and dst of each step
  uint32_t ntemps = 0;
  uint64_t invariant = 0; // bit k: step k reads only captured variables (DirectCall::hoist)
};

DirectCall::Cache::Cache() = default;
DirectCall::Cache::~Cache() = default;

bool DirectCall::init(Value f, uint32_t nargs, Cache& cache) {
  if (!f.is(value::ObjKind::Closure)) return false;
  auto* c = f.as<value::Closure>();
  if (c->fn->arity != nargs) return false;
  lam_ = c->fn;
  std::unique_ptr<Cache::Compiled>& body = cache.bodies_[lam_];
  if (body && !body->ok) return false;
  size_t bytes = sizeof(value::Env) + sizeof(Value) * lam_->frame_size;
  env_ = lam_->frame_size <= kInlineSlots ? reinterpret_cast<value::Env*>(env_inline_)
                                          : static_cast<value::Env*>(std::malloc(bytes));
  if (!env_) return false;
  env_->parent = c->env;
  env_->size = lam_->frame_size;
  env_->flags = EnvStack::kEscaped;
  for (uint32_t i = 0; i < lam_->frame_size; ++i) env_->slots()[i] = Value();
  if (body) {
    body_ = body.get();
    return bind(*body);
  }
  body = std::make_unique<Cache::Compiled>();
  body->ok = compile(*body);
  body_ = body.get();
  return body->ok;
}

bool DirectCall::compile(Cache::Compiled& out) {
  using C = Cache::Compiled;
  Compiler comp(*this);
  if (!comp.into(lam_->body, &result_, 0, true)) return false;
  for (Ins& in : code_) {
    switch (in.kind) {
    case Ins::Bin: in.code = op_code(in.op, 0); break;
    case Ins::BinRet: in.code = op_code(in.op, 1); break;
    case Ins::BinBranch: in.code = op_code(in.op, 2); break;
    case Ins::Move: in.code = kMove; break;
    case Ins::MoveRet: in.code = kMoveRet; break;
    case Ins::Branch: in.code = kBranch; break;
    case Ins::Jump: in.code = kJump; break;
    }
    if (in.code == 0 && in.kind != Ins::Move) return false;
  }
  // The same steps for the other closures of this lambda: each pointer as a place.
  auto place = [&](const Value* p) {
    if (!p) return C::Place{};
    const Value* own = env_->slots();
    if (p >= own && p < own + env_->size) return C::Place{C::kOwn, 0, uint32_t(p - own), nullptr};
    if (p >= temps_ && p < temps_ + kTemps) return C::Place{C::kTemp, 0, uint32_t(p - temps_), nullptr};
    if (p == &result_) return C::Place{C::kResult, 0, 0, nullptr};
    uint32_t depth = 1;
    for (value::Env* e = env_->parent; e; e = e->parent, ++depth)
      if (p >= e->slots() && p < e->slots() + e->size) return C::Place{C::kOuter, depth, uint32_t(p - e->slots()), nullptr};
    return C::Place{C::kFixed, 0, 0, p};
  };
  out.code.assign(code_.begin(), code_.end());
  for (const Ins& in : code_) {
    out.places.push_back(place(in.a));
    out.places.push_back(place(in.b));
    out.places.push_back(place(in.dst));
  }
  out.ntemps = ntemps_;
  out.invariant = invariant_steps();
  return true;
}

bool DirectCall::bind(const Cache::Compiled& body) {
  using C = Cache::Compiled;
  code_.assign(body.code.begin(), body.code.end());
  ntemps_ = body.ntemps;
  auto resolve = [&](const C::Place& pl) -> Value* {
    switch (pl.kind) {
    case C::kNull: return nullptr;
    case C::kFixed: return const_cast<Value*>(pl.fixed);
    case C::kOwn: return &env_->slots()[pl.index];
    case C::kTemp: return &temps_[pl.index];
    case C::kResult: return &result_;
    case C::kOuter: {
      value::Env* e = env_;
      for (uint32_t d = 0; d < pl.depth && e; ++d) e = e->parent;
      return e && pl.index < e->size ? &e->slots()[pl.index] : nullptr;
    }
    }
    return nullptr;
  };
  for (size_t k = 0; k < code_.size(); ++k) {
    Ins& in = code_[k];
    const C::Place* pl = &body.places[3 * k];
    in.a = resolve(pl[0]);
    in.b = resolve(pl[1]);
    in.dst = resolve(pl[2]);
    // An enclosing environment of another shape (never expected): use the machine.
    if ((pl[0].kind != C::kNull && !in.a) || (pl[1].kind != C::kNull && !in.b) || (pl[2].kind != C::kNull && !in.dst))
      return false;
  }
  return true;
}

uint64_t DirectCall::invariant_steps() const {
  // Storage that changes from call to call: the parameters, then every result of a step
  // that stays. (At most one entry per parameter and per step: kMaxCode bounds both.)
  const Value* varying[2 * kMaxCode];
  uint32_t nvarying = 0;
  for (uint32_t i = 0; i < lam_->arity && nvarying < kMaxCode; ++i) varying[nvarying++] = &env_->slots()[i];
  auto varies = [&](const Value* v) { return std::find(varying, varying + nvarying, v) != varying + nvarying; };
  uint64_t mask = 0;
  for (size_t k = 0; k < code_.size() && k < 64; ++k) {
    const Ins& in = code_[k];
    if (in.kind != Ins::Bin && in.kind != Ins::Move) break; // the straight-line start only
    if (varies(in.a) || (in.kind == Ins::Bin && varies(in.b))) varying[nvarying++] = in.dst;
    else mask |= uint64_t(1) << k;
  }
  return mask;
}

Value DirectCall::pending_capture() const {
  // After a call that succeeded every captured variable the start reads was evaluated (or
  // the call would have given up), and `hoist` has renumbered the steps, so that
  // body_->places no longer lines up with code_: nothing to look at.
  if (!body_ || hoisted_) return Value();
  for (size_t k = 0; k < code_.size(); ++k) {
    const Ins& in = code_[k];
    if (in.kind != Ins::Bin && in.kind != Ins::Move) break;
    const Cache::Compiled::Place* pl = &body_->places[3 * k];
    for (int j = 0; j < 2; ++j) {
      const Value* v = j == 0 ? in.a : in.b;
      if (pl[j].kind != Cache::Compiled::kOuter || !v) continue;
      if (v->is_thunk() && v->as<value::Thunk>()->state() != value::ThunkState::Done) return *v;
    }
  }
  return Value();
}

void DirectCall::hoist() {
  hoisted_ = true;
  uint64_t mask = body_ ? body_->invariant : 0;
  if (mask == 0) return;
  size_t dropped = 0;
  for (size_t k = 0; k < code_.size(); ++k) {
    if (k < 64 && (mask >> k) & 1) ++dropped;
    else code_[k - dropped] = code_[k];
  }
  code_.resize(code_.size() - dropped);
  for (Ins& in : code_)
    if (in.kind == Ins::Branch || in.kind == Ins::BinBranch || in.kind == Ins::Jump) in.target -= dropped;
}

Value DirectCall::run(const Value* args) {
  Value* s = env_->slots();
  for (uint32_t i = 0; i < lam_->arity; ++i) s[i] = args[i];
  const Ins* code = code_.data();
  const Ins* pc = code;
  while (true) {
    const Ins& in = *pc;
    Value a = in.lazy & Ins::kLazyA ? done_value(*in.a) : *in.a;
    if (a.is_none()) return a;
    switch (in.code) {
    case kMove:
      *in.dst = a;
      ++pc;
      break;
    case kMoveRet: return a;
    case kBranch:
      if (!a.is_bool()) return Value();
      pc = a.as_bool() ? pc + 1 : code + in.target;
      break;
    case kJump: pc = code + in.target; break;
#define CAIRN_OPERAND_B (in.lazy & Ins::kLazyB ? done_value(*in.b) : *in.b)
#define CAIRN_CASES(Op)                                                                            \
  case k##Op: {                                                                                    \
    Value r = compute<ir::PrimOp::Op>(a, CAIRN_OPERAND_B);                                         \
    if (r.is_none()) return r;                                                                     \
    *in.dst = r;                                                                                   \
    ++pc;                                                                                          \
    break;                                                                                         \
  }                                                                                                \
  case k##Op##Ret: return compute<ir::PrimOp::Op>(a, CAIRN_OPERAND_B);                             \
  case k##Op##Br: {                                                                                \
    Value r = compute<ir::PrimOp::Op>(a, CAIRN_OPERAND_B);                                         \
    if (!r.is_bool()) return Value();                                                              \
    pc = r.as_bool() ? pc + 1 : code + in.target;                                                  \
    break;                                                                                         \
  }
      CAIRN_DIRECT_OPS(CAIRN_CASES)
#undef CAIRN_CASES
#undef CAIRN_OPERAND_B
    default: return Value();
    }
  }
}

} // namespace cairn::eval
