// Edge mode: widening unknowns by everything an operation could read; see speculate.h.
#include "runtime/eval/speculate.h"

#include <algorithm>

#include <fmt/core.h>

#include "compiler/value/contract.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

using value::ObjKind;

namespace {

bool fatal_kind(diag::DiagKind k) {
  return k == diag::DiagKind::MemoryLimit || k == diag::DiagKind::EvalTimeout ||
         k == diag::DiagKind::StackOverflow || k == diag::DiagKind::DependenciesUnbounded;
}

// How many arguments a function value takes before it computes.
uint32_t arity(Value f) {
  for (uint32_t have = 0;;) {
    switch (f.obj()->kind) {
    case ObjKind::Closure: {
      uint32_t n = f.as<value::Closure>()->fn->arity;
      return n > have ? n - have : 1;
    }
    case ObjKind::Partial:
      have += f.as<value::Partial>()->h.u32;
      f = Machine::peek(f.as<value::Partial>()->fn);
      if (!f.is_obj()) return 1;
      continue;
    case ObjKind::Thunk:
    case ObjKind::BigNum:
    case ObjKind::String:
    case ObjKind::Array:
    case ObjKind::Record:
    case ObjKind::Variant:
    case ObjKind::Contract:
    case ObjKind::ContractedFn:
    case ObjKind::Label:
    case ObjKind::Unknown:
    case ObjKind::Sealed: return 1;
    }
  }
}

// Deep dependencies of values (see speculate.h), with an explicit work list.
class Collector {
public:
  Collector(Machine& m, base::Loc where) : m_(m), where_(where) {}

  void add(Value v) {
    if (!v.is_none()) work_.push_back({v, 0});
  }
  void add_unknown(Value u) {
    if (!u.is_unknown()) return;
    auto* x = u.as<value::Unknown>();
    deps_.insert(deps_.end(), x->deps(), x->deps() + x->h.u32);
  }
  // False when a fatal error ended the evaluation (it is reported).
  bool run() {
    while (!work_.empty()) {
      Item it = work_.back();
      work_.pop_back();
      Value v = Machine::peek(it.v);
      if (v.is_thunk()) {
        // A thunk being evaluated is an enclosing computation: its reads are its own.
        if (v.as<value::Thunk>()->state() == value::ThunkState::Running) continue;
        bool fatal = false;
        std::optional<Value> r = m_.speculate(v, where_, &fatal);
        if (fatal) return false;
        if (!r) continue;
        v = *r;
      }
      if (!v.is_obj() || !seen_.insert(v.obj()).second) continue;
      switch (v.obj()->kind) {
      case ObjKind::Unknown: add_unknown(v); break;
      case ObjKind::Record: {
        auto* r = v.as<value::Record>();
        for (uint32_t i = 0; i < r->size(); ++i) {
          const value::Field& f = r->fields()[i];
          if (f.defined()) work_.push_back({f.value, it.calls});
          if (f.meta && f.meta->contracts)
            for (uint32_t c = 0; c < f.meta->contracts->size; ++c)
              work_.push_back({f.meta->contracts->items()[c].contract, it.calls});
        }
        break;
      }
      case ObjKind::Array: {
        auto* a = v.as<value::Array>();
        for (uint32_t i = 0; i < a->size(); ++i) work_.push_back({a->data[i], it.calls});
        break;
      }
      case ObjKind::Variant: work_.push_back({v.as<value::Variant>()->arg, it.calls}); break;
      case ObjKind::Contract: {
        auto* c = v.as<value::Contract>();
        work_.push_back({c->a, it.calls});
        work_.push_back({c->b, it.calls});
        break;
      }
      case ObjKind::Closure:
      case ObjKind::Partial:
      case ObjKind::ContractedFn: {
        if (it.calls >= kMaxCalls) break;
        auto& cache = m_.speculation_cache().applied;
        auto found = cache.find(v.obj());
        Value r;
        if (found != cache.end()) {
          r = found->second;
        } else {
          uint32_t n = arity(v);
          Value u = make_unknown(m_, {});
          for (uint32_t i = 0; i < n; ++i) m_.vstack().push_back(u);
          bool fatal = false;
          std::optional<Value> res = m_.speculate_call(v, n, where_, &fatal);
          if (fatal) return false;
          r = res ? *res : Value();
          cache[v.obj()] = r;
        }
        if (!r.is_none()) work_.push_back({r, static_cast<uint8_t>(it.calls + 1)});
        break;
      }
      case ObjKind::Thunk:
      case ObjKind::BigNum:
      case ObjKind::String:
      case ObjKind::Label:
      case ObjKind::Sealed: break;
      }
    }
    return true;
  }
  Value result() { return make_unknown(m_, deps_); }

private:
  // A function whose result is a function is applied again, up to this many times.
  static constexpr uint8_t kMaxCalls = 8;
  struct Item {
    Value v;
    uint8_t calls;
  };
  Machine& m_;
  base::Loc where_;
  std::vector<Item> work_;
  std::unordered_set<const void*> seen_;
  std::vector<uint32_t> deps_;
};

// A task around a primitive operation's task: widens an unknown result by the arguments.
struct WidenTask : Task {
  Task* inner;
  const ir::Prim* p;
  Value args[4];
  bool started = false;
  Step resume(Machine& m, Value v) override {
    if (!started) {
      started = true;
      Task* t = inner;
      inner = nullptr;
      return Step::await_task(t);
    }
    if (!v.is_unknown()) return Step::ret(v);
    return widen(m, v, args, p->nargs, p->loc());
  }
  ~WidenTask() override { delete inner; }
  base::Loc where() const override { return p->loc(); }
};

// Writes `u` into every variable a pattern binds; its defaults and contracts go to `c`.
void bind_unknown(const ir::Pattern* root, Value u, value::Env* env, Machine& m, Collector& c) {
  std::vector<const ir::Pattern*> work{root};
  while (!work.empty()) {
    const ir::Pattern* p = work.back();
    work.pop_back();
    switch (p->kind) {
    case ir::PatKind::Any: env->slots()[p->slot] = u; break;
    case ir::PatKind::Alias:
      env->slots()[p->slot] = u;
      work.push_back(p->sub);
      break;
    case ir::PatKind::Wildcard:
    case ir::PatKind::Const: break;
    case ir::PatKind::Enum:
      if (p->sub) work.push_back(p->sub);
      break;
    case ir::PatKind::Or:
    case ir::PatKind::Array:
      if (p->kind == ir::PatKind::Array && (p->flags & ir::Pattern::kRest)) env->slots()[p->slot] = u;
      for (uint32_t i = 0; i < p->n; ++i) work.push_back(p->items[i]);
      break;
    case ir::PatKind::Record:
      if (p->flags & ir::Pattern::kRest) env->slots()[p->slot] = u;
      for (uint32_t i = 0; i < p->n; ++i) {
        const ir::PatField& f = p->fields[i];
        work.push_back(f.pattern);
        if (f.default_value) c.add(m.delay(f.default_value, env));
        for (uint32_t k = 0; k < f.ncontracts; ++k) c.add(m.delay(f.contracts[k].contract, env));
      }
      break;
    }
  }
}

} // namespace

Machine::SpeculationCache& Machine::speculation_cache() {
  if (!spec_cache_) spec_cache_ = std::make_unique<SpeculationCache>();
  return *spec_cache_;
}

std::optional<Value> Machine::nested(Value start, Task* task, base::Loc where, bool* fatal) {
  *fatal = false;
  if (spec_depth_ >= kMaxSpeculationDepth || ++speculations_ > kMaxSpeculations) {
    delete task;
    bool deep = spec_depth_ >= kMaxSpeculationDepth;
    auto b = error(diag::DiagKind::DependenciesUnbounded, where,
                   deep ? fmt::format("cannot tell which outputs this reads: conditions on unknown outputs nest "
                                      "more than {} levels deep",
                                      kMaxSpeculationDepth)
                        : fmt::format("cannot tell which outputs this reads: more than {} branches depend on "
                                      "unknown outputs",
                                      kMaxSpeculations));
    b.primary("while finding what this depends on");
    b.note("to order resources, cairn follows every branch that depends on outputs not known before apply");
    b.help("this is usually a recursion whose end depends on an output; compute the count from the spec's own data");
    *fatal = true;
    if (spec_depth_ == 0) muted_consumer_.diagnostics.clear();
    return std::nullopt;
  }
  const size_t mark = muted_consumer_.diagnostics.size();
  ++spec_depth_;
  std::optional<Value> r = run(start, nullptr, nullptr, task);
  --spec_depth_;
  if (r) return r;
  failed_ = false;
  auto& muted = muted_consumer_.diagnostics;
  auto it = std::find_if(muted.begin() + static_cast<long>(mark), muted.end(),
                         [](const diag::Diagnostic& d) { return fatal_kind(d.kind); });
  if (it == muted.end()) {
    muted.resize(mark);
    return std::nullopt;
  }
  *fatal = true;
  if (spec_depth_ == 0) {
    diags_.report(std::move(*it));
    muted.clear();
  }
  return std::nullopt;
}

std::optional<Value> Machine::speculate(Value v, base::Loc where, bool* fatal) {
  return nested(v, nullptr, where, fatal);
}

std::optional<Value> Machine::speculate_call(Value f, uint32_t nargs, base::Loc where, bool* fatal) {
  struct CallTask : Task {
    Value f;
    std::vector<Value> args;
    Step resume(Machine& m, Value) override {
      for (Value a : args) m.vstack().push_back(a);
      return Step::call(f, static_cast<uint32_t>(args.size()));
    }
  };
  auto* t = new CallTask();
  t->f = f;
  size_t first = vstack_.size() - nargs;
  t->args.assign(&vstack_[first], &vstack_[first] + nargs);
  vstack_.resize(first);
  return nested(Value(), t, where, fatal);
}

Step widen(Machine& m, Value u, const Value* inputs, size_t n, base::Loc where) {
  if (!m.options.edges) return Step::ret(u);
  Collector c(m, where);
  c.add_unknown(u);
  for (size_t i = 0; i < n; ++i) c.add(inputs[i]);
  if (!c.run()) return Step::fail();
  return Step::ret(c.result());
}

Step widen_prim(Machine& m, const ir::Prim* p, Step s, const Value* args) {
  if (s.kind == Step::Return && s.v.is_unknown()) return widen(m, s.v, args, p->nargs, p->loc());
  if (s.kind != Step::Start) return s;
  auto* t = new WidenTask();
  t->inner = s.task;
  t->p = p;
  for (uint32_t i = 0; i < p->nargs && i < 4; ++i) t->args[i] = args[i];
  return Step::start(t);
}

Step widen_match(Machine& m, Value u, const ir::Match* match, uint32_t first, value::Env* env) {
  if (!m.options.edges) return Step::ret(u);
  Collector c(m, match->loc());
  c.add_unknown(u);
  Value bound = make_unknown(m, {});
  for (uint32_t i = first; i < match->narms; ++i) {
    const ir::MatchArm& arm = match->arms[i];
    bind_unknown(arm.pattern, bound, env, m, c);
    if (arm.guard) c.add(m.delay(arm.guard, env));
    c.add(m.delay(arm.body, env));
    // Now, before the next arm writes its variables into the same frame.
    if (!c.run()) return Step::fail();
  }
  return Step::ret(c.result());
}

Step widen_record(Machine& m, Value u, const ir::Record* r, value::Env* env, const Value* names) {
  if (!m.options.edges) return Step::ret(u);
  const ir::RecordLit* lit = r->lit;
  std::vector<Value> known(names, names + lit->ndynamic);
  Collector c(m, r->loc());
  c.add_unknown(u);
  for (uint32_t j = 0; j < lit->ndynamic; ++j) {
    c.add_unknown(known[j]);
    // A name no field can have stands for the unknown one.
    if (!known[j].is_string()) known[j] = make_string(m, fmt::format("\x01unknown-{}", j));
  }
  c.add(build_record(m, lit, env, known.data()));
  if (!c.run()) return Step::fail();
  return Step::ret(c.result());
}

} // namespace cairn::eval
