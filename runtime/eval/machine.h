// The lazy machine: evaluates IR to weak head normal form with an explicit stack.
//
// State: the code being evaluated (IR node + environment) or the value being returned,
// a stack of frames (frame_kind.def) and a value stack for call arguments. The loop never
// recurses in C++: evaluating a sub-expression pushes a frame and moves on, returning a
// value pops a frame and resumes it. Thunks are updated once evaluated (call-by-need); a
// thunk entered while it is being evaluated is an infinite recursion. The frame stack has a
// limit (`Options::max_frames`) that turns runaway recursion into a diagnostic with the
// chain of calls; the arena has one (`Options::max_memory`) for programs that loop without
// going deeper but allocate forever: the arena throws, `run` catches it at the entry point,
// unwinds like any failure and reports E0418. A program that loops forever in constant space
// ends with E0419 after `Options::max_seconds`: the clock is read once every
// `kCallsPerClock` closure calls.
//
// Native operations that need to force values or call functions along the way (pattern
// matching, contracts, equality, folds, sorting, export...) are `Task`s: a frame holds the
// task, which the loop resumes with each value it asked for. A task answers with a `Step`.
//
// Everything a machine allocates lives in its arena; values are valid while it lives.
// Errors stop the evaluation: `error()` holds the diagnostic.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/lower/guards.h"
#include "compiler/lower/ir.h"
#include "compiler/resolve/program.h"
#include "compiler/value/arena.h"
#include "compiler/value/record.h"
#include "compiler/value/value.h"
#include "runtime/eval/direct.h"
#include "runtime/eval/env_stack.h"
#include "runtime/eval/stack.h"

namespace cairn::eval {

using value::Value;

enum class FrameKind : uint8_t {
#define CAIRN_FRAME(Name) Name,
#include "runtime/eval/frame_kind.def"
};

struct Frame {
  FrameKind kind;
  uint8_t b8;
  uint16_t b16;
  uint32_t u;
  const void* p;
  value::Env* env;
  Value v;
};
static_assert(sizeof(Frame) == 32, "frames are hot: keep them small");

class Machine;
class Task;

// What a task or a primitive operation asks the machine to do next.
struct Step {
  enum Kind : uint8_t {
    Return,    // the result is `v`
    TailForce, // the result is `v` forced
    TailCall,  // the result is `v` applied to the `nargs` values pushed on the value stack
    Await,     // force `v`, then resume the task with it
    AwaitCall, // apply `v` to `nargs` pushed values, then resume the task with the result
    Start,     // run `task` (pushed as a frame); its result is the result
    AwaitTask, // run `task`, then resume the current task with its result
    TailEval,  // the result is `code` evaluated in `env`
    Fail,      // the machine's error is set
  };
  Kind kind;
  uint32_t nargs = 0;
  Value v;
  Task* task = nullptr;
  const ir::Node* code = nullptr;
  value::Env* env = nullptr;

  static Step ret(Value v) { return {Return, 0, v}; }
  static Step force(Value v) { return {TailForce, 0, v}; }
  static Step call(Value f, uint32_t n) { return {TailCall, n, f}; }
  static Step await(Value v) { return {Await, 0, v}; }
  static Step await_call(Value f, uint32_t n) { return {AwaitCall, n, f}; }
  static Step start(Task* t) { return {Start, 0, Value(), t}; }
  static Step await_task(Task* t) { return {AwaitTask, 0, Value(), t}; }
  static Step eval(const ir::Node* c, value::Env* e) { return {TailEval, 0, Value(), nullptr, c, e}; }
  static Step fail() { return {Fail, 0, Value()}; }
};

// A resumable native operation. `resume` is called first with none, then with the value
// of each Await/AwaitCall. The machine deletes the task when it returns a final step or
// when the evaluation fails.
class Task {
public:
  virtual ~Task() = default;
  virtual Step resume(Machine& m, Value v) = 0;
  // A location for stack traces (may be invalid).
  virtual base::Loc where() const { return {}; }
};

// A failed evaluation, rendered like every other diagnostic.
struct EvalError {
  diag::Diagnostic diagnostic;
};

// Receives reads of tracked records (deployment outputs); see evaluator.h.
class Observer {
public:
  virtual ~Observer() = default;
  virtual void on_read(uint32_t tracked_id, base::NameId field) = 0;
};

struct Options {
  size_t max_frames = size_t(4) << 20;
  size_t max_memory = size_t(4) << 30; // bytes of arena
  unsigned max_seconds = 0;            // wall-clock limit per entry point (0: none)
  // Edge mode (speculate.cpp): an unknown result depends on everything the operation that
  // made it could read once its unknown inputs are known; `if` and `match` on an unknown
  // explore every branch. The deployment engine's dependency pass runs in this mode.
  bool edges = false;
  // The fast paths that skip the machine for whole calls: direct calls of predicates and
  // comparators (direct.h) and interpolations of ready parts (interpolate.cpp). They
  // change no result; turned off only to test that (tests/programs/).
  bool fast_calls = true;
  // The type checker's run-time guards, read when a module is lowered (null: unchecked).
  const lower::GuardSource* guards = nullptr;
};

class Machine {
public:
  Machine(resolve::Program& program, diag::Diagnostics& diags, Options options = {});
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // ---- entry points (not re-entrant: call them from outside the loop only)
  // Forces `v` to weak head normal form; nullopt on error.
  std::optional<Value> force(Value v);
  // Evaluates a module's value (cached).
  std::optional<Value> module_value(uint32_t module);
  // Applies `f` to `args` and forces the result.
  std::optional<Value> apply(Value f, const std::vector<Value>& args);
  // Runs a task to completion.
  std::optional<Value> run_task(Task* task);

  // ---- edge mode (speculate.cpp): nested evaluations whose errors are caught
  // Forces `v` (or applies `f` to `nargs` values on the value stack) in a nested run. An
  // error there is muted and gives nullopt, except errors that must end the whole
  // evaluation (memory, time, stack, speculation limits): then `*fatal` is set, the error
  // is reported, and the caller returns Step::fail(). `where` locates the limit errors.
  std::optional<Value> speculate(Value v, base::Loc where, bool* fatal);
  std::optional<Value> speculate_call(Value f, uint32_t nargs, base::Loc where, bool* fatal);
  // Results of speculative calls and dependency sets, by object (speculate.cpp).
  struct SpeculationCache;
  SpeculationCache& speculation_cache();

  // ---- for tasks, primitive operations and the evaluator's own files
  value::Arena& arena() { return arena_; }
  resolve::Program& program() { return program_; }
  base::Names& names() { return program_.names; }
  diag::Diagnostics& diags() { return diags_; }
  Stack<Value>& vstack() { return vstack_; }
  // A thunk (or the value itself when that is cheap and safe) for `code` in `env`.
  Value delay(const ir::Node* code, value::Env* env);
  // A suspended native operation as a thunk (see native.h).
  Value suspend(const struct SuspHead* s);
  value::Env* new_env(uint32_t size, value::Env* parent);
  // Marks an environment as kept beyond its call (see env_stack.h); every place that
  // stores an Env* in an object calls it.
  static void capture(value::Env* e) {
    if (e) e->flags |= EnvStack::kEscaped;
  }
  // Value of a thunk if it is already evaluated, else the value itself.
  static Value peek(Value v) {
    if (v.is_thunk()) {
      auto* t = v.as<value::Thunk>();
      if (t->state() == value::ThunkState::Done) return t->value();
    }
    return v;
  }

  // Records an error; the caller returns Step::fail(). An error located inside the
  // standard library is reported at the last call made from user code (`relocated()`).
  diag::Builder error(diag::DiagKind kind, base::Loc loc, std::string message);
  bool relocated() const { return relocated_; }
  bool is_std_file(base::FileId file) {
    if (file.valid() && file.index < std_files_.size() && std_files_[file.index] != 0) return std_files_[file.index] == 1;
    return classify_file(file);
  }
  Step fail(diag::DiagKind kind, base::Loc loc, std::string message);
  // For native loops that may run long without calling a closure (equality, deep walks):
  // counts `n` steps against the time limit; when it is past, reports E0419 and answers
  // true (the caller returns Step::fail()).
  bool native_steps(uint32_t n, base::Loc where);
  // Memory a native operation holds outside the arena (its work lists), counted against the
  // memory limit (throws value::ArenaLimit, which ends the evaluation with E0418).
  void charge(size_t bytes) { arena_.charge(bytes); }
  void refund(size_t bytes) { arena_.refund(bytes); }
  bool failed() const { return failed_; }
  // Adds the chain of calls on the stack to the pending error (stack overflow).
  void add_stack_trace(diag::Builder& b);

  Value std_value();
  // The (lazy) value of a module, one thunk per module and machine.
  Value import_value(uint32_t module);
  Observer* observer = nullptr;
  // Polymorphic contracts (contract_poly.cpp): a fresh sealing key per application of a
  // forall, and the sealed tails of records flagged Record::kSealedTail.
  struct SealedTail {
    uint32_t key;
    Value fields; // a record
  };
  uint32_t new_seal_key() { return ++seal_keys_; }
  std::unordered_map<const value::Record*, SealedTail> sealed_tails;
  // Tracked records: id by record pointer (deployment outputs); see evaluator.h.
  std::vector<std::pair<const value::Record*, uint32_t>> tracked;
  // Compiled bodies of the closures native loops call directly (direct.h).
  DirectCall::Cache direct_cache;
  Options options;

private:
  friend class Loop;
  // `run` is `loop` plus the memory limit; `unwind` is how both end a failed evaluation.
  std::optional<Value> run(Value start, const ir::Node* code, value::Env* env, Task* task);
  std::optional<Value> nested(Value start, Task* task, base::Loc where, bool* fatal);
  std::optional<Value> loop(Value start, const ir::Node* code, value::Env* env, Task* task);
  void unwind(size_t base, size_t vbase);
  // Called every kCallsPerClock calls: starts the clock on the first call of a run, then
  // answers whether the run is past its time limit.
  bool out_of_time();
  static constexpr uint32_t kCallsPerClock = 1u << 16;
  bool classify_file(base::FileId file);

  resolve::Program& program_;
  diag::Diagnostics& diags_;
  value::Arena arena_;
  Stack<Frame> stack_;
  EnvStack envs_;
  Stack<Value> vstack_;
  std::vector<Value> module_values_; // thunk per module (none until first import)
  Value std_;
  bool failed_ = false;
  bool running_ = false;
  bool relocated_ = false;
  bool clock_armed_ = false;
  uint32_t calls_until_clock_ = kCallsPerClock;
  uint32_t seal_keys_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  base::Loc last_user_call_;
  std::vector<uint8_t> std_files_; // by FileId index: 0 unknown, 1 std, 2 user
  // Nesting: `run_depth_` counts runs of the loop in progress (the clock and the speculation
  // budget belong to the outermost); `spec_depth_` the speculative ones among them, whose
  // errors go to `muted_` instead of `diags_`.
  uint32_t run_depth_ = 0;
  uint32_t spec_depth_ = 0;
  uint64_t speculations_ = 0;
  diag::CollectingConsumer muted_consumer_;
  diag::Diagnostics muted_{&muted_consumer_};
  std::unique_ptr<SpeculationCache> spec_cache_;
};

} // namespace cairn::eval
