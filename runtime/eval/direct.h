// Direct calls: a native loop (filter, sort...) calling a closure whose body is fast-path
// code, without the machine.
//
// Most predicates and comparators handed to array builtins are a few strict `let`s of
// operators on small integers, an `if` on a comparison and a constant or an operator
// (after lowering has inlined their helper calls, lower_inline.cpp). `DirectCall::call` runs
// such a body with the evaluator's own fast paths (fast.h) in one environment owned by the
// caller and reused for every call: nothing in that code can capture it (no thunk, closure
// or frame is made). When the body, for these arguments, needs anything else (a thunk not
// evaluated yet, a big number, a string, a call), `call` answers none and the caller calls
// the closure through the machine as before; what the direct attempt computed is
// discarded (it was pure), so the result never depends on which way it went.
#pragma once

#include "compiler/lower/ir.h"
#include "compiler/value/value.h"

#include <llvm/ADT/SmallVector.h>

#include <cstdlib>
#include <memory>
#include <unordered_map>
#include <vector>

namespace cairn::eval {

class DirectCall {
public:
  // Bodies compiled once per lambda, for every later DirectCall of a closure of it (one per
  // machine: Machine::direct_cache). A lambda whose body is not of the fast kind is
  // remembered too, so it is not compiled again.
  class Cache {
  public:
    Cache();
    ~Cache();
    Cache(const Cache&) = delete;
    Cache& operator=(const Cache&) = delete;

  private:
    friend class DirectCall;
    struct Compiled;
    std::unordered_map<const ir::Lambda*, std::unique_ptr<Compiled>> bodies_;
  };

  DirectCall() = default;
  DirectCall(const DirectCall&) = delete;
  DirectCall& operator=(const DirectCall&) = delete;
  ~DirectCall() {
    if (env_ != reinterpret_cast<value::Env*>(env_inline_)) std::free(env_);
  }

  // Prepares direct calls of `f` with `nargs` arguments: false when `f` is not a closure of
  // that arity or its body is not of the fast kind (then use the machine).
  bool init(value::Value f, uint32_t nargs, Cache& cache);
  // `f` applied to `args`, or none when that takes the machine.
  value::Value call(const value::Value* args) {
    value::Value r = run(args);
    if (!hoisted_ && !r.is_none()) hoist();
    return r;
  }

  // A variable of the closure's environment that the body reads before its first branch
  // and that is a thunk not evaluated yet, or none. Every call would force it at once (and
  // the first one would take the machine for it): a caller forces it first instead, with
  // the machine, then calls directly.
  value::Value pending_capture() const;

private:
  value::Value run(const value::Value* args);
  bool compile(Cache::Compiled& out);
  bool bind(const Cache::Compiled& body);
  uint64_t invariant_steps() const;
  // After the first call that ran to the end: drops the leading steps that read neither a
  // parameter nor a step that does (`let k = p % 1000` with `p` captured; found once per
  // body, invariant_steps). Their results stay where that call stored them, which no
  // later step overwrites.
  void hoist();
  class Compiler;
  // One step of a compiled body. `a` and `b` point to operands (slots, constants,
  // temporaries); a lazy one may hold a thunk, which must be evaluated already.
  struct Ins {
    enum Kind : uint8_t {
      Bin,       // *dst = a op b
      BinRet,    // return a op b
      BinBranch, // a op b is a boolean: on false, go to `target`
      Move,      // *dst = a
      MoveRet,   // return a
      Branch,    // a is a boolean: on false, go to `target`
      Jump,      // go to `target`
    } kind;
    ir::PrimOp op;
    uint8_t lazy; // kLazyA | kLazyB
    uint8_t code; // what `call` switches on: the kind, and for operators the operator
    uint16_t target;
    const value::Value* a;
    const value::Value* b;
    value::Value* dst;
    static constexpr uint8_t kLazyA = 1, kLazyB = 2;
  };
  static constexpr uint32_t kTemps = 16;
  static constexpr size_t kMaxCode = 64;

  const ir::Lambda* lam_ = nullptr;
  value::Env* env_ = nullptr; // the calls' environment (parent: the closure's)
  // Small bodies and frames live inside this object: a filter makes one DirectCall per call.
  static constexpr uint32_t kInlineSlots = 8;
  alignas(value::Env) unsigned char env_inline_[sizeof(value::Env) + kInlineSlots * sizeof(value::Value)];
  llvm::SmallVector<Ins, 16> code_;
  value::Value temps_[kTemps];
  uint32_t ntemps_ = 0;
  value::Value result_;
  bool hoisted_ = false;
  const Cache::Compiled* body_ = nullptr;
};

} // namespace cairn::eval
