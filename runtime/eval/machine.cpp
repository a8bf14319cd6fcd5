// The evaluation loop; see machine.h.
//
// Three states, written as labels of one function so the hot path stays in registers:
//   eval:   evaluate `code` in `env`
//   force:  bring `acc` to weak head normal form (enter thunks)
//   ret:    return `acc` to the frame on top of the stack
// plus `call` (apply `fn` to `nargs` values on the value stack) and `step` (act on what a
// task or primitive operation answered). Nothing here recurses.
#include <fmt/core.h>

#include "compiler/value/string.h"
#include "runtime/eval/fast.h"
#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"
#include "runtime/eval/speculate.h"

namespace cairn::eval {

using value::Env;
using value::ObjKind;
using value::Thunk;
using value::ThunkState;

std::optional<Value> Machine::loop(Value start, const ir::Node* code, Env* env, Task* start_task) {
  const size_t base = stack_.size();
  const size_t vbase = vstack_.size();
  failed_ = false;
  Value acc = start;
  Value fn;
  uint32_t nargs = 0;
  base::Loc call_site;
  Step step = Step::ret(Value());
  bool from_task = false;
  // Nested runs (speculation) share the outermost run's frame budget.
  const size_t max_frames = (run_depth_ > 1 ? 0 : base) + options.max_frames;

  auto push = [&](FrameKind k, const void* p, Env* e, uint32_t u = 0, Value v = Value()) __attribute__((always_inline)) {
    stack_.push_back(Frame{k, 0, 0, u, p, e, v});
  };

  if (start_task) {
    step = Step::start(start_task);
    goto do_step;
  }
  if (code) goto eval;
  goto force;

eval:
  switch (code->kind) {
  case ir::Kind::Const: acc = static_cast<const ir::Const*>(code)->value; goto ret;
  case ir::Kind::Var: {
    auto* v = static_cast<const ir::Var*>(code);
    Env* e = env;
    for (uint32_t d = v->depth; d > 0; --d) e = e->parent;
    Value* slot = &e->slots()[v->slot];
    acc = *slot;
    if (acc.is_obj() && acc.obj()->kind == ObjKind::Thunk) {
      auto* t = acc.as<Thunk>();
      if (t->state() == ThunkState::Done) {
        acc = t->value();
        *slot = acc;
        goto ret;
      }
      goto force;
    }
    if (acc.is_none()) {
      error(diag::DiagKind::MissingFieldDefinition, v->loc(),
            fmt::format("missing definition for `{}`", names().text(v->name)))
          .primary("used here")
          .help("give the field a value, or merge the record with one that defines it");
      goto fail;
    }
    goto ret;
  }
  case ir::Kind::Std:
    acc = std_value();
    if (acc.is_none()) {
      error(diag::DiagKind::ImportNotFound, code->loc(), "the standard library is not available");
      goto fail;
    }
    goto force;
  case ir::Kind::Import: {
    uint32_t module = static_cast<const ir::Import*>(code)->module;
    acc = import_value(module);
    // Files may import each other; only a file whose value needs itself is an error.
    if (acc.is_obj() && acc.obj()->kind == ObjKind::Thunk && acc.as<Thunk>()->state() == ThunkState::Running) {
      error(diag::DiagKind::InfiniteRecursion, code->loc(), "infinite recursion: this import needs its own value")
          .primary("imported while its value is being computed")
          .note(fmt::format("`{}` is being evaluated when this import is forced",
                            program().sources.get(program().module(module).file).path()))
          .help("files may import each other, but a file's value cannot depend on itself");
      goto fail;
    }
    goto force;
  }
  case ir::Kind::Lambda: acc = delay(code, env); goto ret;
  case ir::Kind::App:
    if (stack_.size() >= max_frames) goto overflow;
    push(FrameKind::AppArgs, code, env);
    code = static_cast<const ir::App*>(code)->fn;
    goto eval;
  case ir::Kind::Let: {
    auto* l = static_cast<const ir::Let*>(code);
    if (l->flags & ir::Let::kStrict) {
      Value v = fast_prim(l->value, env);
      if (!v.is_none()) {
        env->slots()[l->slot] = v;
        code = l->body;
        goto eval;
      }
      push(FrameKind::LetStrict, code, env);
      code = l->value;
      goto eval;
    }
    env->slots()[l->slot] = delay(l->value, env);
    code = l->body;
    goto eval;
  }
  case ir::Kind::If: {
    auto* i = static_cast<const ir::If*>(code);
    Value c = fast_prim(i->cond, env);
    if (c.is_bool()) {
      code = c.as_bool() ? i->then_ : i->else_;
      goto eval;
    }
    if (stack_.size() >= max_frames) goto overflow;
    push(FrameKind::IfBranch, code, env);
    code = i->cond;
    goto eval;
  }
  case ir::Kind::Record: {
    auto* r = static_cast<const ir::Record*>(code);
    if (r->lit->ndynamic == 0) {
      acc = build_record(*this, r->lit, env, nullptr);
      goto ret;
    }
    // Field names are lowered inside the literal's own frame (they may name static
    // siblings): make it now, so they are evaluated where they were resolved; the record
    // built afterwards uses the same frame.
    if (r->lit->needs_frame) env = new_env(r->lit->frame_size, env);
    push(FrameKind::RecordName, code, env, 0);
    code = r->lit->dynamics[0].name_expr;
    goto eval;
  }
  case ir::Kind::Array: {
    auto* a = static_cast<const ir::Array*>(code);
    value::Array* arr = new_array(*this, a->size);
    for (uint32_t i = 0; i < a->size; ++i) arr->data[i] = delay(a->elems[i], env);
    acc = Value::object(arr);
    goto ret;
  }
  case ir::Kind::Select:
    if (stack_.size() >= max_frames) goto overflow;
    push(FrameKind::SelectField, code, env);
    code = static_cast<const ir::Select*>(code)->record;
    goto eval;
  case ir::Kind::SelectDyn:
    push(FrameKind::SelectName, code, env);
    code = static_cast<const ir::SelectDyn*>(code)->name;
    goto eval;
  case ir::Kind::Prim: {
    auto* p = static_cast<const ir::Prim*>(code);
    const ir::PrimInfo& info = ir::prim_info(p->op());
    if (p->flags & ir::Prim::kStdCall) last_user_call_ = p->std_call_loc();
    if (p->nargs == 2 && info.strict == 0b11) {
      // Both operands already values (or operators on values, `(a - b) < 0`): no frames,
      // no value stack.
      Value a = fast_operand(p->args[0], env, kFastNesting - 1);
      Value b = a.is_none() ? Value() : fast_operand(p->args[1], env, kFastNesting - 1);
      if (!b.is_none()) {
        acc = fast_binary(p->op(), a, b);
        if (!acc.is_none()) goto ret;
        Value args[4] = {a, b, Value(), Value()};
        step = call_prim(*this, p, args);
        if (options.edges) step = widen_prim(*this, p, step, args);
        from_task = false;
        goto do_step;
      }
    }
    // Arguments go on the value stack in order; strict ones are evaluated first.
    uint32_t i = 0;
    for (; i < p->nargs; ++i) {
      if (info.strict & (1u << i)) break;
      vstack_.push_back(delay(p->args[i], env));
    }
    if (i == p->nargs) goto prim_ready;
    if (stack_.size() >= max_frames) goto overflow;
    push(FrameKind::PrimArg, code, env, i);
    code = p->args[i];
    goto eval;
  }
  case ir::Kind::Interp: {
    auto* s = static_cast<const ir::Interp*>(code);
    if (options.fast_calls) {
      acc = interpolate_ready(*this, s, env);
      if (!acc.is_none()) goto ret;
    }
    push(FrameKind::InterpPart, code, env, 0);
    for (uint32_t i = 0; i < s->nparts; ++i) {
      if (!s->parts[i].expr) {
        vstack_.push_back(Value::object(s->parts[i].text));
        continue;
      }
      stack_.back().u = i;
      code = s->parts[i].expr;
      goto eval;
    }
    stack_.back().u = s->nparts;
    goto interp_done;
  }
  case ir::Kind::Variant: {
    auto* v = static_cast<const ir::Variant*>(code);
    acc = make_variant(*this, v->tag, delay(v->arg, env));
    goto ret;
  }
  case ir::Kind::Match: {
    auto* m = static_cast<const ir::Match*>(code);
    step = Step::start(match_task(*this, m, env));
    from_task = false;
    goto do_step;
  }
  case ir::Kind::Annot: {
    auto* a = static_cast<const ir::Annot*>(code);
    step = Step::start(annot_task(*this, a, env));
    from_task = false;
    goto do_step;
  }
  }
  goto ret;

force:
  if (acc.is_obj() && acc.obj()->kind == ObjKind::Thunk) {
    auto* t = acc.as<Thunk>();
    switch (t->state()) {
    case ThunkState::Done: acc = t->value(); goto ret;
    case ThunkState::Running: {
      const ir::Node* n = t->ir();
      base::Loc loc = n ? n->loc() : base::Loc{};
      if (t->kind() == value::ThunkKind::Native) {
        auto* s = static_cast<const SuspHead*>(t->code);
        loc = {s->file, s->span};
      }
      error(diag::DiagKind::InfiniteRecursion, loc, "infinite recursion: this value is needed to compute itself")
          .primary("defined here")
          .help("a field or binding refers to itself, directly or through other fields");
      goto fail;
    }
    case ThunkState::Pending:
      if (stack_.size() >= max_frames) goto overflow;
      t->h.flags = static_cast<uint8_t>(ThunkState::Running);
      push(FrameKind::Update, t, nullptr);
      if (t->kind() == value::ThunkKind::Code) {
        code = static_cast<const ir::Node*>(t->code);
        env = t->env();
        goto eval;
      }
      step = enter_native(*this, static_cast<const SuspHead*>(t->code));
      from_task = false;
      goto do_step;
    }
  }
  goto ret;

ret:
  if (stack_.size() == base) {
    vstack_.resize(vbase);
    return acc;
  }
  {
    Frame& f = stack_.back();
    switch (f.kind) {
    case FrameKind::Update: {
      auto* t = static_cast<Thunk*>(const_cast<void*>(f.p));
      t->set_value(acc);
      stack_.pop_back();
      goto ret;
    }
    case FrameKind::AppArgs: {
      auto* a = static_cast<const ir::App*>(f.p);
      env = f.env;
      stack_.pop_back();
      for (uint32_t i = 0; i < a->nargs; ++i) vstack_.push_back(delay(a->args[i], env));
      fn = acc;
      nargs = a->nargs;
      call_site = a->loc();
      if (!is_std_file(call_site.file)) last_user_call_ = call_site;
      goto call;
    }
    case FrameKind::CallMore: {
      nargs = f.u;
      stack_.pop_back();
      fn = acc;
      call_site = {};
      goto call;
    }
    case FrameKind::LetStrict: {
      auto* l = static_cast<const ir::Let*>(f.p);
      env = f.env;
      stack_.pop_back();
      env->slots()[l->slot] = acc;
      code = l->body;
      goto eval;
    }
    case FrameKind::IfBranch: {
      auto* i = static_cast<const ir::If*>(f.p);
      env = f.env;
      stack_.pop_back();
      if (acc.is_bool()) {
        code = acc.as_bool() ? i->then_ : i->else_;
        goto eval;
      }
      if (acc.is_unknown()) {
        if (!options.edges) goto ret;
        // Either branch may be taken once the condition is known.
        Value branches[2] = {delay(i->then_, env), delay(i->else_, env)};
        step = widen(*this, acc, branches, 2, i->loc());
        from_task = false;
        goto do_step;
      }
      error(diag::DiagKind::EvalTypeMismatch, i->cond->loc(),
            fmt::format("expected a boolean condition, got {}", describe(*this, acc)))
          .primary("this condition");
      goto fail;
    }
    case FrameKind::SelectField: {
      auto* s = static_cast<const ir::Select*>(f.p);
      stack_.pop_back();
      step = select_field(*this, acc, s->name, s->loc(), s->record->loc());
      from_task = false;
      goto do_step;
    }
    case FrameKind::SelectName: {
      auto* s = static_cast<const ir::SelectDyn*>(f.p);
      f.kind = FrameKind::SelectDynRec;
      f.v = acc;
      env = f.env;
      code = s->record;
      goto eval;
    }
    case FrameKind::SelectDynRec: {
      auto* s = static_cast<const ir::SelectDyn*>(f.p);
      Value name = f.v;
      stack_.pop_back();
      if (name.is_unknown()) {
        // Any field may be the one selected.
        step = widen(*this, unknown_union(*this, name, acc), {acc}, s->loc());
        from_task = false;
        goto do_step;
      }
      if (acc.is_unknown()) goto ret;
      if (!name.is_string()) {
        error(diag::DiagKind::EvalTypeMismatch, s->name->loc(),
              fmt::format("expected a string as a field name, got {}", describe(*this, name)));
        goto fail;
      }
      step = select_field(*this, acc, names().intern(name.as<value::String>()->view()), s->loc(), s->record->loc());
      from_task = false;
      goto do_step;
    }
    case FrameKind::PrimArg: {
      auto* p = static_cast<const ir::Prim*>(f.p);
      const ir::PrimInfo& info = ir::prim_info(p->op());
      vstack_.push_back(acc);
      env = f.env;
      uint32_t i = f.u + 1;
      for (; i < p->nargs; ++i) {
        if (info.strict & (1u << i)) break;
        vstack_.push_back(delay(p->args[i], env));
      }
      if (i < p->nargs) {
        f.u = i;
        code = p->args[i];
        goto eval;
      }
      stack_.pop_back();
      code = p;
      goto prim_ready;
    }
    case FrameKind::InterpPart: {
      auto* s = static_cast<const ir::Interp*>(f.p);
      vstack_.push_back(acc);
      env = f.env;
      for (uint32_t i = f.u + 1; i < s->nparts; ++i) {
        if (!s->parts[i].expr) {
          vstack_.push_back(Value::object(s->parts[i].text));
          continue;
        }
        f.u = i;
        code = s->parts[i].expr;
        goto eval;
      }
      f.u = s->nparts;
      goto interp_done;
    }
    case FrameKind::RecordName: {
      auto* r = static_cast<const ir::Record*>(f.p);
      vstack_.push_back(acc);
      uint32_t i = f.u + 1;
      if (i < r->lit->ndynamic) {
        f.u = i;
        env = f.env;
        code = r->lit->dynamics[i].name_expr;
        goto eval;
      }
      env = f.env;
      stack_.pop_back();
      size_t first = vstack_.size() - r->lit->ndynamic;
      step = build_record_dynamic(*this, r, env, &vstack_[first]);
      vstack_.resize(first);
      from_task = false;
      goto do_step;
    }
    case FrameKind::Task: {
      auto* t = static_cast<Task*>(const_cast<void*>(f.p));
      step = t->resume(*this, acc);
      from_task = true;
      goto do_step;
    }
    case FrameKind::PopEnv:
      envs_.release(static_cast<Env*>(const_cast<void*>(f.p)));
      stack_.pop_back();
      goto ret;
    case FrameKind::Barrier: stack_.pop_back(); goto ret;
    }
  }
  goto ret;

interp_done: {
  Frame& f = stack_.back();
  auto* s = static_cast<const ir::Interp*>(f.p);
  stack_.pop_back();
  size_t first = vstack_.size() - s->nparts;
  step = interpolate(*this, s, &vstack_[first]);
  vstack_.resize(first);
  from_task = false;
  goto do_step;
}

prim_ready: {
  auto* p = static_cast<const ir::Prim*>(code);
  // Copied out: the operation may push on the value stack. (Not `Value args[4];`, whose
  // zeroing costs more than the copy.)
  size_t first = vstack_.size() - p->nargs;
  const Value* top = &vstack_[first];
  uint32_t n = p->nargs;
  if (n == 2 && ir::prim_info(p->op()).strict == 0b11) {
    acc = fast_binary(p->op(), top[0], top[1]);
    if (!acc.is_none()) {
      vstack_.resize(first);
      goto ret;
    }
  }
  Value args[4] = {n > 0 ? top[0] : Value(), n > 1 ? top[1] : Value(), n > 2 ? top[2] : Value(),
                   n > 3 ? top[3] : Value()};
  vstack_.resize(first);
  step = call_prim(*this, p, args);
  if (options.edges) step = widen_prim(*this, p, step, args);
  from_task = false;
  goto do_step;
}

call:
  // Apply `fn` to the `nargs` values on top of the value stack.
  if (fn.is_obj()) {
    switch (fn.obj()->kind) {
    case ObjKind::Closure: {
      auto* c = fn.as<value::Closure>();
      const ir::Lambda* lam = c->fn;
      if (nargs == lam->arity) {
        if (--calls_until_clock_ == 0 && out_of_time()) goto timeout;
        // The environment comes from the call region; a PopEnv frame releases it. A call
        // in tail position of another call (PopEnv on top) releases that one's first and
        // reuses its frame, so tail calls do not grow the stack.
        Env* e;
        if (stack_.size() > base && stack_.back().kind == FrameKind::PopEnv) {
          envs_.release(static_cast<Env*>(const_cast<void*>(stack_.back().p)));
          e = envs_.alloc(lam->frame_size, c->env);
          stack_.back().p = e;
        } else {
          if (stack_.size() >= max_frames) goto overflow;
          e = envs_.alloc(lam->frame_size, c->env);
          push(FrameKind::PopEnv, e, nullptr);
        }
        Value* src = &vstack_[vstack_.size() - nargs];
        for (uint32_t i = 0; i < nargs; ++i) e->slots()[i] = src[i];
        vstack_.resize(vstack_.size() - nargs);
        env = e;
        code = lam->body;
        goto eval;
      }
      if (nargs < lam->arity) {
        acc = make_partial(*this, fn, &vstack_[vstack_.size() - nargs], nargs);
        vstack_.resize(vstack_.size() - nargs);
        goto ret;
      }
      // More arguments than parameters: call with the first ones, keep the others.
      uint32_t extra = nargs - lam->arity;
      size_t first = vstack_.size() - nargs;
      Env* e = new_env(lam->frame_size, c->env);
      for (uint32_t i = 0; i < lam->arity; ++i) e->slots()[i] = vstack_[first + i];
      for (uint32_t i = 0; i < extra; ++i) vstack_[first + i] = vstack_[first + lam->arity + i];
      vstack_.resize(first + extra);
      if (stack_.size() >= max_frames) goto overflow;
      push(FrameKind::CallMore, nullptr, nullptr, extra);
      env = e;
      code = lam->body;
      goto eval;
    }
    case ObjKind::Partial: {
      auto* p = fn.as<value::Partial>();
      uint32_t have = p->h.u32;
      size_t first = vstack_.size() - nargs;
      vstack_.insert(first, p->args(), p->args() + have);
      nargs += have;
      fn = p->fn;
      goto call;
    }
    case ObjKind::ContractedFn: {
      // One argument at a time: the contract wraps the argument and checks the result.
      size_t first = vstack_.size() - nargs;
      Value arg = vstack_[first];
      vstack_.erase(first);
      if (nargs > 1) push(FrameKind::CallMore, nullptr, nullptr, nargs - 1);
      step = call_contracted(*this, fn, arg);
      from_task = false;
      goto do_step;
    }
    case ObjKind::Unknown: {
      // The function, once known, may read its arguments.
      size_t first = vstack_.size() - nargs;
      std::vector<Value> args;
      if (options.edges) args.assign(&vstack_[first], &vstack_[first] + nargs);
      vstack_.resize(first);
      step = widen(*this, fn, args.data(), args.size(), call_site);
      from_task = false;
      goto do_step;
    }
    case ObjKind::Thunk: {
      // A function that is not evaluated yet (from a task): force it, then call.
      auto* t = fn.as<Thunk>();
      if (t->state() == ThunkState::Done) {
        fn = t->value();
        goto call;
      }
      push(FrameKind::CallMore, nullptr, nullptr, nargs);
      acc = fn;
      goto force;
    }
    case ObjKind::BigNum:
    case ObjKind::String:
    case ObjKind::Array:
    case ObjKind::Record:
    case ObjKind::Variant:
    case ObjKind::Contract:
    case ObjKind::Label:
    case ObjKind::Sealed: break;
    }
  }
  vstack_.resize(vstack_.size() - nargs);
  error(diag::DiagKind::NotCallable, call_site, fmt::format("expected a function, got {}", describe(*this, fn)))
      .primary("applied here");
  goto fail;

do_step:
  switch (step.kind) {
  case Step::Return:
  case Step::TailForce:
  case Step::TailCall:
  case Step::TailEval:
  case Step::Start:
    if (from_task) {
      delete static_cast<Task*>(const_cast<void*>(stack_.back().p));
      stack_.pop_back();
      from_task = false;
    }
    if (step.kind == Step::Return) {
      acc = step.v;
      goto ret;
    }
    if (step.kind == Step::TailForce) {
      acc = step.v;
      goto force;
    }
    if (step.kind == Step::TailCall) {
      fn = step.v;
      nargs = step.nargs;
      call_site = {};
      goto call;
    }
    if (step.kind == Step::TailEval) {
      code = step.code;
      env = step.env;
      goto eval;
    }
    if (stack_.size() >= max_frames) {
      delete step.task;
      goto overflow;
    }
    push(FrameKind::Task, step.task, nullptr);
    step = step.task->resume(*this, Value());
    from_task = true;
    goto do_step;
  case Step::AwaitTask:
    if (stack_.size() >= max_frames) {
      delete step.task;
      goto overflow;
    }
    push(FrameKind::Task, step.task, nullptr);
    step = step.task->resume(*this, Value());
    from_task = true;
    goto do_step;
  case Step::Await:
    from_task = false;
    acc = step.v;
    goto force;
  case Step::AwaitCall:
    from_task = false;
    fn = step.v;
    nargs = step.nargs;
    call_site = {};
    goto call;
  case Step::Fail: goto fail;
  }
  goto fail;

overflow: {
  // Blame the innermost user code on the stack.
  base::Loc where = last_user_call_;
  for (size_t i = stack_.size(); i-- > base && !where.valid();) {
    if (stack_[i].kind == FrameKind::Update)
      if (const ir::Node* n = static_cast<const value::Thunk*>(stack_[i].p)->ir()) where = n->loc();
  }
  auto b = error(diag::DiagKind::StackOverflow, where,
                 fmt::format("evaluation went deeper than {} frames", options.max_frames));
  b.help("this is usually unbounded recursion; raise the limit with --max-stack if the program is just deep");
  add_stack_trace(b);
}
  goto fail;

timeout: {
  auto b = error(diag::DiagKind::EvalTimeout, last_user_call_,
                 fmt::format("evaluation took longer than {} s", options.max_seconds));
  b.help("the program probably loops forever; raise the limit with --timeout (0: none) if it just needs more time");
  add_stack_trace(b);
}
  goto fail;

fail:
  unwind(base, vbase);
  return std::nullopt;
}

// Thunks being evaluated go back to pending, tasks are deleted, call environments released.
void Machine::unwind(size_t base, size_t vbase) {
  failed_ = true;
  while (stack_.size() > base) {
    Frame& f = stack_.back();
    if (f.kind == FrameKind::Update) {
      auto* t = static_cast<Thunk*>(const_cast<void*>(f.p));
      t->h.flags = static_cast<uint8_t>(ThunkState::Pending);
    } else if (f.kind == FrameKind::Task) {
      delete static_cast<Task*>(const_cast<void*>(f.p));
    } else if (f.kind == FrameKind::PopEnv) {
      envs_.release(static_cast<Env*>(const_cast<void*>(f.p)));
    }
    stack_.pop_back();
  }
  vstack_.resize(vbase);
}

std::optional<Value> Machine::run(Value start, const ir::Node* code, Env* env, Task* start_task) {
  const size_t base = stack_.size();
  const size_t vbase = vstack_.size();
  // The clock and the speculation budget belong to the outermost run.
  if (run_depth_ == 0) {
    clock_armed_ = false;
    calls_until_clock_ = kCallsPerClock;
    speculations_ = 0;
  }
  struct Depth {
    uint32_t& d;
    explicit Depth(uint32_t& d) : d(d) { ++d; }
    ~Depth() { --d; }
  } depth(run_depth_);
  try {
    return loop(start, code, env, start_task);
  } catch (const value::ArenaLimit& e) {
    // Raise the limit a little so reporting (and a REPL's next line) can still allocate.
    arena_.set_limit(arena_.reserved() + (size_t(64) << 20));
    auto b = error(diag::DiagKind::MemoryLimit, last_user_call_,
                   fmt::format("evaluation used more than {} MiB of memory", e.limit >> 20));
    b.help("this is usually a loop that builds values forever; raise the limit with --max-memory (MiB) if the program needs more");
    add_stack_trace(b);
  } catch (const std::bad_alloc&) {
    error(diag::DiagKind::MemoryLimit, last_user_call_, "the machine ran out of memory during evaluation")
        .help("lower --max-memory (MiB) to stop such programs before the machine runs out");
  }
  unwind(base, vbase);
  return std::nullopt;
}

} // namespace cairn::eval
