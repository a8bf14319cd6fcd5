// Pattern matching (match arms, and destructuring in let and fun).
//
// A MatchTask tries the arms in order. Matching one arm works through a list of
// (pattern, value) pairs: binders write their frame slot, structural patterns force the
// value (asking the machine, then resuming) and push their parts. An or-pattern records a
// choice point (the pairs left at that moment); a failure goes back to the latest choice
// point with an alternative left, else to the next arm. Record and array patterns force
// only the spine they inspect; field values stay lazy unless a sub-pattern needs them.
// A pattern's default (`{ a ? d }`) stands for a field that is missing or has no value;
// for a field declared with contracts but no value, those contracts apply to the default.
#include <fmt/core.h>

#include "compiler/value/number.h"
#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"
#include "runtime/eval/speculate.h"

namespace cairn::eval {

namespace {

struct Work {
  const ir::Pattern* p;
  Value v;
};

struct Choice {
  const ir::Pattern* p; // the or-pattern
  Value v;
  uint32_t next;        // next alternative to try
  std::vector<Work> saved;
};

bool const_equal(Value a, Value b) {
  if (a.is_number() && b.is_number()) return value::num::equal(a, b);
  if (a.is_string() && b.is_string()) return a.as<value::String>()->view() == b.as<value::String>()->view();
  return a == b;
}

// A copy of `list` whose labels blame `where` (a pattern's default standing for the value).
const value::ContractList* blaming(Machine& m, const value::ContractList* list, base::Loc where) {
  auto* copy = static_cast<value::ContractList*>(
      m.arena().alloc(sizeof(value::ContractList) + sizeof(value::PendingContract) * list->size));
  *copy = *list;
  for (uint32_t i = 0; i < list->size; ++i) {
    value::PendingContract c = list->items()[i];
    if (c.label.is(value::ObjKind::Label)) {
      Label* l = label_copy(m, c.label.as<Label>());
      l->code = nullptr;
      l->value = where;
      c.label = Value::object(l);
    }
    copy->items()[i] = c;
  }
  return copy;
}

struct MatchTask : Task {
  const ir::Match* match;
  value::Env* env;
  Value scrutinee;
  uint32_t arm = 0;
  std::vector<Work> work;
  std::vector<Choice> choices;
  enum { Start, Scrutinee, Forcing, Guard } state = Start;

  base::Loc where() const override { return match->loc(); }

  Step resume(Machine& m, Value v) override {
    switch (state) {
    case Start: state = Scrutinee; return Step::await(m.delay(match->scrutinee, env));
    case Scrutinee:
      scrutinee = v;
      if (v.is_unknown()) return widen_match(m, v, match, 0, env);
      return start_arm(m);
    case Forcing: work.back().v = v; return run(m);
    case Guard:
      if (v.is_unknown()) return widen_match(m, v, match, arm, env);
      if (!v.is_bool())
        return m.fail(diag::DiagKind::EvalTypeMismatch, match->arms[arm].guard->loc(),
                      fmt::format("expected a boolean guard, got {}", describe(m, v)));
      if (v.as_bool()) return Step::eval(match->arms[arm].body, env);
      ++arm;
      return start_arm(m);
    }
    return Step::fail();
  }

  Step start_arm(Machine& m) {
    if (arm == match->narms) return no_match(m);
    work.clear();
    choices.clear();
    work.push_back({match->arms[arm].pattern, scrutinee});
    return run(m);
  }

  Step no_match(Machine& m) {
    if (match->flags & ir::Match::kDestructure) {
      const ir::Pattern* pat = match->arms[0].pattern;
      auto b = m.error(diag::DiagKind::DestructuringFailed, {pat->file, pat->span}, "the value does not match the pattern");
      b.primary("this pattern");
      b.note(fmt::format("the value is {}", show(m, scrutinee, 100)));
      return Step::fail();
    }
    auto b = m.error(diag::DiagKind::NonExhaustiveMatch, match->loc(), "no match arm matches the value");
    b.primary("this match");
    b.note(fmt::format("the value is {}", show(m, scrutinee, 100)));
    b.help("add an arm for this value, or a catch-all arm `_ => ...`");
    return Step::fail();
  }

  // Goes back to the latest choice point with an alternative left, else to the next arm.
  Step backtrack(Machine& m) {
    while (!choices.empty()) {
      Choice& c = choices.back();
      if (c.next < c.p->n) {
        work = c.saved;
        work.push_back({c.p->items[c.next++], c.v});
        return run(m);
      }
      choices.pop_back();
    }
    ++arm;
    return start_arm(m);
  }

  Step run(Machine& m) {
    while (!work.empty()) {
      Work& w = work.back();
      const ir::Pattern* p = w.p;
      switch (p->kind) {
      case ir::PatKind::Any:
        env->slots()[p->slot] = w.v;
        work.pop_back();
        continue;
      case ir::PatKind::Wildcard: work.pop_back(); continue;
      case ir::PatKind::Alias:
        env->slots()[p->slot] = w.v;
        w.p = p->sub;
        continue;
      case ir::PatKind::Or: {
        Work here = w;
        work.pop_back();
        choices.push_back({p, here.v, 1, work});
        work.push_back({p->items[0], here.v});
        continue;
      }
      case ir::PatKind::Const:
      case ir::PatKind::Enum:
      case ir::PatKind::Record:
      case ir::PatKind::Array: break;
      }
      // Structural patterns need the value in weak head normal form.
      Value v = Machine::peek(w.v);
      if (v.is_thunk()) {
        state = Forcing;
        return Step::await(v);
      }
      w.v = v;
      if (v.is_unknown()) return widen_match(m, v, match, arm, env);
      work.pop_back();
      if (!structural(m, p, v)) return backtrack(m);
    }
    const ir::MatchArm& a = match->arms[arm];
    if (a.guard) {
      state = Guard;
      return Step::await(m.delay(a.guard, env));
    }
    return Step::eval(a.body, env);
  }

  // Checks one structural pattern against a forced value; pushes its parts.
  bool structural(Machine& m, const ir::Pattern* p, Value v) {
    switch (p->kind) {
    case ir::PatKind::Const: return const_equal(p->constant, v);
    case ir::PatKind::Enum:
      if (v.is_enum_tag()) return !p->sub && v.enum_tag() == p->name;
      if (v.is(value::ObjKind::Variant)) {
        auto* var = v.as<value::Variant>();
        if (!p->sub || var->tag() != p->name) return false;
        work.push_back({p->sub, var->arg});
        return true;
      }
      return false;
    case ir::PatKind::Record: return record(m, p, v);
    case ir::PatKind::Array: {
      if (!v.is_array()) return false;
      auto* a = v.as<value::Array>();
      bool open = p->flags & ir::Pattern::kOpen;
      if (open ? a->size() < p->n : a->size() != p->n) return false;
      if (p->flags & ir::Pattern::kRest) {
        value::Array* rest = new_array(m, 0);
        rest->h.u32 = a->size() - p->n;
        rest->data = a->data + p->n;
        env->slots()[p->slot] = Value::object(rest);
      }
      for (uint32_t i = p->n; i-- > 0;) work.push_back({p->items[i], a->data[i]});
      return true;
    }
    case ir::PatKind::Any:
    case ir::PatKind::Wildcard:
    case ir::PatKind::Alias:
    case ir::PatKind::Or: return true;
    }
    return false;
  }

  bool record(Machine& m, const ir::Pattern* p, Value v) {
    if (!v.is_record()) return false;
    auto* r = v.as<value::Record>();
    bool open = p->flags & ir::Pattern::kOpen;
    std::vector<Work> parts;
    uint32_t matched = 0;
    for (uint32_t i = 0; i < p->n; ++i) {
      const ir::PatField& pf = p->fields[i];
      const value::Field* f = r->find(pf.name);
      Value fv;
      if (f && f->defined()) {
        fv = f->value;
        ++matched;
      } else if (pf.default_value) {
        // A field declared without a value (`{ a | String }`) takes the default as its
        // definition: the field's own contracts check it, as a merge would.
        fv = m.delay(pf.default_value, env);
        if (f) {
          ++matched;
          if (f->meta && f->meta->contracts)
            fv = suspend_contracts(m, fv, blaming(m, f->meta->contracts, pf.default_value->loc()));
        }
      } else {
        return false;
      }
      for (uint32_t c = 0; c < pf.ncontracts; ++c) {
        const ir::ContractUse& use = pf.contracts[c];
        Label* l = make_label(m, {p->file, use.span}, {p->file, pf.span});
        l = label_push(m, l, PathElem::Field, pf.name);
        fv = suspend_contract(m, fv, m.delay(use.contract, env), Value::object(l));
      }
      parts.push_back({pf.pattern, fv});
    }
    uint32_t present = 0;
    for (uint32_t i = 0; i < r->size(); ++i)
      if (r->fields()[i].defined()) ++present;
    if (!open && present > matched) return false;
    if (p->flags & ir::Pattern::kRest) {
      std::vector<value::Field> rest;
      for (uint32_t i = 0; i < r->size(); ++i) {
        const value::Field& f = r->fields()[i];
        bool named = false;
        for (uint32_t k = 0; k < p->n; ++k)
          if (p->fields[k].name == f.name) named = true;
        if (!named) rest.push_back(f);
      }
      value::Record* out = new_record(m, static_cast<uint32_t>(rest.size()));
      for (size_t k = 0; k < rest.size(); ++k) out->fields()[k] = rest[k];
      env->slots()[p->slot] = Value::object(out);
    }
    for (size_t k = parts.size(); k-- > 0;) work.push_back(parts[k]);
    return true;
  }
};

} // namespace

Task* match_task(Machine& m, const ir::Match* match, value::Env* env) {
  (void)m;
  auto* t = new MatchTask();
  t->match = match;
  t->env = env;
  return t;
}

} // namespace cairn::eval
