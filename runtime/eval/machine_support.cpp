// The machine's entry points and helpers: environments, thunks, errors, stack traces,
// module and std values. The loop itself is in machine.cpp.
#include <fmt/core.h>

#include "compiler/lower/lower.h"
#include "compiler/resolve/resolve.h"
#include "runtime/eval/fast.h"
#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"
#include "runtime/eval/speculate.h"

namespace cairn::eval {

Machine::Machine(resolve::Program& program, diag::Diagnostics& diags, Options opts)
    : options(opts), program_(program), diags_(diags) {
  arena_.set_limit(opts.max_memory);
  envs_.set_budget(&arena_);
  stack_.reserve(1024);
  vstack_.reserve(256);
}

Machine::~Machine() {
  for (Frame& f : stack_)
    if (f.kind == FrameKind::Task) delete static_cast<Task*>(const_cast<void*>(f.p));
}

value::Env* Machine::new_env(uint32_t size, value::Env* parent) {
  auto* e = static_cast<value::Env*>(arena_.alloc(sizeof(value::Env) + sizeof(Value) * size));
  capture(parent);
  e->parent = parent;
  e->size = size;
  e->flags = EnvStack::kEscaped;
  Value* s = e->slots();
  for (uint32_t i = 0; i < size; ++i) s[i] = Value();
  return e;
}

Value fast_prim_nested(const ir::Node* n, value::Env* env, int depth) { return fast_prim(n, env, depth); }

Value Machine::delay(const ir::Node* code, value::Env* env) {
  switch (code->kind) {
  case ir::Kind::Const: return static_cast<const ir::Const*>(code)->value;
  case ir::Kind::Var: {
    auto* v = static_cast<const ir::Var*>(code);
    value::Env* e = env;
    for (uint32_t d = v->depth; d > 0; --d) e = e->parent;
    Value slot = e->slots()[v->slot];
    if (!slot.is_none()) return peek(slot);
    break; // not written yet (a recursive binding): look it up when forced
  }
  case ir::Kind::Variant: {
    // Building a variant cannot fail and its argument stays lazy: no need for a thunk.
    auto* v = static_cast<const ir::Variant*>(code);
    return make_variant(*this, v->tag, delay(v->arg, env));
  }
  case ir::Kind::Prim: {
    // An operator on values that cannot fail: computed now, cheaper than a thunk.
    Value v = fast_prim(code, env);
    if (!v.is_none()) return v;
    break;
  }
  case ir::Kind::Lambda: {
    auto* c = arena_.make<value::Closure>();
    c->h = value::Obj{value::ObjKind::Closure, 0, 0, 0};
    c->fn = static_cast<const ir::Lambda*>(code);
    c->env = env;
    capture(env);
    return Value::object(c);
  }
  case ir::Kind::Std:
  case ir::Kind::Import:
  case ir::Kind::App:
  case ir::Kind::Let:
  case ir::Kind::If:
  case ir::Kind::Record:
  case ir::Kind::Array:
  case ir::Kind::Select:
  case ir::Kind::SelectDyn:
  case ir::Kind::Interp:
  case ir::Kind::Match:
  case ir::Kind::Annot: break;
  }
  auto* t = arena_.make<value::Thunk>();
  t->h = value::Obj{value::ObjKind::Thunk, static_cast<uint8_t>(value::ThunkState::Pending),
                    static_cast<uint16_t>(value::ThunkKind::Code), 0};
  t->code = code;
  t->word = reinterpret_cast<uint64_t>(env);
  capture(env);
  return Value::object(t);
}

Value Machine::suspend(const SuspHead* s) {
  auto* t = arena_.make<value::Thunk>();
  t->h = value::Obj{value::ObjKind::Thunk, static_cast<uint8_t>(value::ThunkState::Pending),
                    static_cast<uint16_t>(value::ThunkKind::Native), 0};
  t->code = s;
  t->word = 0;
  return Value::object(t);
}

bool Machine::classify_file(base::FileId file) {
  if (!file.valid()) return false;
  if (std_files_.size() <= file.index) std_files_.resize(file.index + 1, 0);
  if (std_files_[file.index] == 0) {
    std_files_[file.index] = 2;
    for (uint32_t i = 0; i < program_.module_count(); ++i) {
      const resolve::Module& m = program_.module(i);
      if (m.file == file && m.is_std) std_files_[file.index] = 1;
    }
  }
  return std_files_[file.index] == 1;
}

diag::Builder Machine::error(diag::DiagKind kind, base::Loc loc, std::string message) {
  failed_ = true;
  relocated_ = false;
  diag::Diagnostics& out = spec_depth_ ? muted_ : diags_;
  if (loc.valid() && is_std_file(loc.file) && last_user_call_.valid()) {
    relocated_ = true;
    // The library's code is right for the arguments its types allow: a value of the wrong
    // type inside it is what the caller gave, so the caller broke the function's contract,
    // as Nickel reports it (its std functions are guarded by their types).
    if (kind == diag::DiagKind::EvalTypeMismatch) {
      auto b = out.error(diag::DiagKind::ContractBroken, last_user_call_,
                         "contract broken by the caller of a standard library function");
      b.primary("in this call");
      b.note(std::move(message));
      return b;
    }
    auto b = out.error(kind, last_user_call_, std::move(message));
    b.primary("in this call");
    return b;
  }
  return out.error(kind, loc, std::move(message));
}

Step Machine::fail(diag::DiagKind kind, base::Loc loc, std::string message) {
  error(kind, loc, std::move(message));
  return Step::fail();
}

void Machine::add_stack_trace(diag::Builder& b) {
  // The innermost distinct function bodies and thunks on the stack, up to 8.
  std::vector<std::string> lines;
  for (size_t i = stack_.size(); i-- > 0 && lines.size() < 8;) {
    const Frame& f = stack_[i];
    base::Loc loc;
    if (f.kind == FrameKind::Update) {
      auto* t = static_cast<const value::Thunk*>(f.p);
      if (const ir::Node* n = t->ir()) loc = n->loc();
    } else if (f.kind == FrameKind::AppArgs) {
      loc = static_cast<const ir::Node*>(f.p)->loc();
    } else if (f.kind == FrameKind::Task) {
      loc = static_cast<const Task*>(f.p)->where();
    }
    if (!loc.valid() || is_std_file(loc.file)) continue;
    const base::SourceFile& src = program_.sources.get(loc.file);
    base::LineCol lc = src.line_col(loc.span.begin);
    std::string line = fmt::format("{}:{}:{}", src.path(), lc.line, lc.column);
    if (!lines.empty() && lines.back() == line) continue;
    lines.push_back(line);
  }
  for (const std::string& l : lines) b.note(fmt::format("while evaluating {}", l));
}

bool Machine::out_of_time() {
  calls_until_clock_ = kCallsPerClock;
  if (options.max_seconds == 0) return false;
  auto now = std::chrono::steady_clock::now();
  if (!clock_armed_) {
    clock_armed_ = true;
    deadline_ = now + std::chrono::seconds(options.max_seconds);
    return false;
  }
  return now > deadline_;
}

bool Machine::native_steps(uint32_t n, base::Loc where) {
  if (calls_until_clock_ > n) {
    calls_until_clock_ -= n;
    return false;
  }
  if (!out_of_time()) return false;
  auto b = error(diag::DiagKind::EvalTimeout, where.valid() ? where : last_user_call_,
                 fmt::format("evaluation took longer than {} s", options.max_seconds));
  b.help("the program probably loops forever (comparing a value that contains itself?); raise the limit with "
         "--timeout (0: none) if it just needs more time");
  return true;
}

std::optional<Value> Machine::force(Value v) { return run(v, nullptr, nullptr, nullptr); }

std::optional<Value> Machine::run_task(Task* task) { return run(Value(), nullptr, nullptr, task); }

std::optional<Value> Machine::apply(Value f, const std::vector<Value>& args) {
  struct ApplyTask : Task {
    Value f;
    std::vector<Value> args;
    Step resume(Machine& m, Value) override {
      for (Value a : args) m.vstack().push_back(a);
      return Step::call(f, static_cast<uint32_t>(args.size()));
    }
  };
  auto* t = new ApplyTask();
  t->f = f;
  t->args = args;
  return run_task(t);
}

Step enter_module(Machine& m, uint32_t module) {
  resolve::Module& mod = m.program().module(module);
  if (!resolve::ensure_module(m.program(), module, m.diags()) ||
      (mod.format == resolve::Format::Conf &&
       !lower::lower_module(m.program(), mod, m.diags(), m.options.guards ? m.options.guards->guards(module) : nullptr))) {
    m.error(diag::DiagKind::ImportMalformed, {mod.file, {}}, fmt::format("cannot load `{}`", mod.key));
    return Step::fail();
  }
  switch (mod.format) {
  case resolve::Format::Conf: {
    auto* root = static_cast<const ir::Lambda*>(mod.ir);
    value::Env* frame = m.new_env(root->frame_size, nullptr);
    return Step::force(m.delay(root->body, frame));
  }
  case resolve::Format::Json:
  case resolve::Format::Yaml:
  case resolve::Format::Toml: return Step::ret(json_to_value(m, mod.data));
  case resolve::Format::Text: return Step::ret(make_string(m, m.program().sources.get(mod.file).text()));
  }
  return Step::fail();
}

Value Machine::import_value(uint32_t module) {
  if (module_values_.size() <= module) module_values_.resize(module + 1);
  if (module_values_[module].is_none()) {
    auto* s = arena_.make<NativeSusp>();
    *s = NativeSusp{};
    s->op = NativeOp::Module;
    s->module = module;
    module_values_[module] = suspend(s);
  }
  return module_values_[module];
}

std::optional<Value> Machine::module_value(uint32_t module) { return force(import_value(module)); }

Value Machine::std_value() {
  if (std_.is_none()) {
    std::optional<uint32_t> id = resolve::load_std(program_, diags_);
    if (!id) return Value();
    std_ = import_value(*id);
  }
  return std_;
}

} // namespace cairn::eval
