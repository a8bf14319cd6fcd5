// Deep structural equality (`==`, `!=`, merging arrays): a worklist of pairs, forced as
// needed. Numbers compare as exact rationals (5 == 5.0), records by their defined fields,
// arrays element by element; comparing two functions is an error (a function and another
// value are different); an unknown makes the answer unknown.
#include <fmt/core.h>

#include "compiler/value/number.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

namespace {

struct EqualityTask : Task {
  std::vector<std::pair<Value, Value>> work;
  size_t charged = 0; // bytes of `work` counted against the memory limit
  Machine* machine = nullptr;
  ~EqualityTask() override {
    if (machine) machine->refund(charged);
  }
  // Counts the work list's growth against the memory limit.
  void account(Machine& m) {
    size_t bytes = work.capacity() * sizeof(work[0]);
    if (bytes > charged) {
      machine = &m;
      m.charge(bytes - charged);
      charged = bytes;
    }
  }
  base::Loc site;
  bool negate = false;
  // What to do with the answer: return a boolean, or (merging arrays) the left value.
  Value merge_left;
  base::NameId merge_field;
  bool merging = false;
  Value pending_first; // the first of the pair being forced
  int state = 0;       // 0: start, 1: forcing first, 2: forcing second

  Step answer(Machine& m, bool equal) {
    if (!merging) return Step::ret(Value::boolean(equal != negate));
    if (equal) return Step::ret(merge_left);
    std::string what = merge_field.valid()
                           ? fmt::format("conflicting values for field `{}`", m.names().text(merge_field))
                           : std::string("cannot merge these values");
    auto b = m.error(diag::DiagKind::MergeConflict, site, what);
    b.primary("merged here");
    b.note("both sides are arrays, and arrays merge only when they are equal");
    return Step::fail();
  }

  Step resume(Machine& m, Value v) override {
    if (state == 1) work.back().first = v;
    else if (state == 2) work.back().second = v;
    state = 0;
    while (!work.empty()) {
      // Values that contain themselves compare forever: the limits still hold.
      if (m.native_steps(1, site)) return Step::fail();
      account(m);
      auto& [a0, b0] = work.back();
      Value a = Machine::peek(a0), b = Machine::peek(b0);
      if (a.is_thunk()) {
        state = 1;
        return Step::await(a);
      }
      if (b.is_thunk()) {
        a0 = a;
        state = 2;
        return Step::await(b);
      }
      work.pop_back();
      if (a.is_unknown() || b.is_unknown()) return Step::ret(unknown_union(m, a, b));
      if (a.is_function() && b.is_function())
        return m.fail(diag::DiagKind::FunctionComparison, site, "cannot compare functions for equality");
      if (a.is_function() || b.is_function()) return answer(m, false); // as Nickel: only two functions are incomparable
      if (a.is_number() && b.is_number()) {
        if (!value::num::equal(a, b)) return answer(m, false);
        continue;
      }
      if (a.is_string() && b.is_string()) {
        if (a.as<value::String>()->view() != b.as<value::String>()->view()) return answer(m, false);
        continue;
      }
      if (a.is_array() && b.is_array()) {
        auto* x = a.as<value::Array>();
        auto* y = b.as<value::Array>();
        if (x->size() != y->size()) return answer(m, false);
        for (uint32_t i = x->size(); i-- > 0;) work.emplace_back(x->data[i], y->data[i]);
        continue;
      }
      if (a.is_record() && b.is_record()) {
        auto* x = a.as<value::Record>();
        auto* y = b.as<value::Record>();
        uint32_t i = 0, j = 0;
        std::vector<std::pair<Value, Value>> pairs;
        while (true) {
          while (i < x->size() && !x->fields()[i].defined()) ++i;
          while (j < y->size() && !y->fields()[j].defined()) ++j;
          if (i == x->size() || j == y->size()) break;
          if (x->fields()[i].name != y->fields()[j].name) return answer(m, false);
          pairs.emplace_back(x->fields()[i].value, y->fields()[j].value);
          ++i, ++j;
        }
        if (i != x->size() || j != y->size()) return answer(m, false);
        for (size_t k = pairs.size(); k-- > 0;) work.push_back(pairs[k]);
        continue;
      }
      if (a.is(value::ObjKind::Variant) && b.is(value::ObjKind::Variant)) {
        if (a.as<value::Variant>()->tag() != b.as<value::Variant>()->tag()) return answer(m, false);
        work.emplace_back(a.as<value::Variant>()->arg, b.as<value::Variant>()->arg);
        continue;
      }
      if (a.is_obj() && b.is_obj() && a.obj()->kind == b.obj()->kind && a != b &&
          (a.is(value::ObjKind::Contract) || a.is(value::ObjKind::Label)))
        return answer(m, false);
      if (a != b) return answer(m, false);
    }
    return answer(m, true);
  }
};

} // namespace

Task* equality_task(Machine& m, Value a, Value b, base::Loc site, bool negate) {
  (void)m;
  auto* t = new EqualityTask();
  t->work.emplace_back(a, b);
  t->site = site;
  t->negate = negate;
  return t;
}

Task* merge_arrays_task(Machine& m, Value a, Value b, base::Loc site, base::NameId field) {
  (void)m;
  auto* t = new EqualityTask();
  t->work.emplace_back(a, b);
  t->site = site;
  t->merging = true;
  t->merge_left = a;
  t->merge_field = field;
  return t;
}

} // namespace cairn::eval
