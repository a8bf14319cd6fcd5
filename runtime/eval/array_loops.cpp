// The array builtins that call a function on each element and look at the results:
// filter, partition, fold_left, all, any and elem (LoopTask), and sort (SortTask, a stable
// merge sort). They are tasks that call the function through the machine, or directly
// when its body is of the fast kind (direct.h).
#include <fmt/core.h>

#include <algorithm>

#include "runtime/eval/direct.h"
#include "runtime/eval/prim.h"

namespace cairn::eval {

using ir::PrimOp;

namespace {

// Calls `f` on each element (and, for folds, the accumulator), looking at each result.
struct LoopTask : Task {
  enum Kind { Filter, Partition, FoldLeft, All, Any, Elem } kind;
  const ir::Prim* p;
  Value f;
  Value acc;
  const value::Array* a;
  uint32_t i = 0;
  bool started = false;
  std::vector<Value> kept, dropped;

  base::Loc where() const override { return p->loc(); }

  Step call_next(Machine& m) {
    Value x = array_elem(a, i);
    switch (kind) {
    case FoldLeft:
      m.vstack().push_back(acc);
      m.vstack().push_back(x);
      return Step::await_call(f, 2);
    case Elem: return Step::await_task(equality_task(m, f, x, p->loc(), false));
    default: m.vstack().push_back(x); return Step::await_call(f, 1);
    }
  }

  Step finish(Machine& m) {
    switch (kind) {
    case Filter:
    case Partition: {
      auto make = [&](const std::vector<Value>& v) {
        value::Array* out = new_array(m, static_cast<uint32_t>(v.size()));
        std::copy(v.begin(), v.end(), out->data);
        return Value::object(out);
      };
      if (kind == Filter) return Step::ret(make(kept));
      value::Record* r = new_record(m, 2);
      base::NameId right = m.names().intern("right"), wrong = m.names().intern("wrong");
      value::Field fr{right, 0, value::PrioKind::Numeric, 0, nullptr, make(kept), nullptr};
      value::Field fw{wrong, 0, value::PrioKind::Numeric, 0, nullptr, make(dropped), nullptr};
      r->fields()[0] = right < wrong ? fr : fw;
      r->fields()[1] = right < wrong ? fw : fr;
      return Step::ret(Value::object(r));
    }
    case FoldLeft: return Step::force(acc);
    case All: return Step::ret(Value::boolean(true));
    case Any:
    case Elem: return Step::ret(Value::boolean(false));
    }
    return Step::fail();
  }

  // Takes the result `v` of the call on element i; a step when the loop ends there.
  std::optional<Step> take(Machine& m, Value v) {
    if (kind == FoldLeft) {
      acc = v;
      return std::nullopt;
    }
    if (v.is_unknown()) return Step::ret(v);
    if (!v.is_bool())
      return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(0),
                    fmt::format("expected the function to return a boolean, got {}", describe(m, v)));
    bool b = v.as_bool();
    switch (kind) {
    case Filter:
    case Partition: (b ? kept : dropped).push_back(array_elem(a, i)); break;
    case All:
      if (!b) return Step::ret(v);
      break;
    case Any:
    case Elem:
      if (b) return Step::ret(v);
      break;
    case FoldLeft: break;
    }
    return std::nullopt;
  }

  Step resume(Machine& m, Value v) override {
    if (forcing) {
      forcing = false; // a captured variable is evaluated (pending_capture): call directly
    } else if (started) {
      if (std::optional<Step> s = take(m, v)) return *s;
      ++i;
    } else {
      started = true;
      if (kind == Filter) kept.reserve(a->size());
      if (kind != Elem && m.options.fast_calls) direct = dc.init(f, kind == FoldLeft ? 2 : 1, m.direct_cache);
    }
    if (direct && i < a->size())
      if (Value t = dc.pending_capture(); !t.is_none()) {
        forcing = true;
        return Step::await(t);
      }
    // Calls the fast path can run take no trip through the machine (direct.h); filter, the
    // hot one, keeps elements without going through `take`. An element the direct call
    // cannot decide goes through the machine (call_next), not through a second attempt.
    if (direct && kind == Filter) {
      for (uint32_t n = a->size(); i < n; ++i) {
        Value x = array_elem(a, i);
        Value r = dc.call(&x);
        if (!r.is_bool()) break;
        if ((i & 255) == 0 && m.native_steps(256, p->loc())) return Step::fail();
        if (r.as_bool()) kept.push_back(x);
      }
    }
    while (direct && kind != Filter && i < a->size()) {
      Value args[2] = {acc, array_elem(a, i)};
      Value r = kind == FoldLeft ? dc.call(args) : dc.call(args + 1);
      if (r.is_none() || (kind != FoldLeft && !r.is_bool())) break;
      if ((i & 255) == 0 && m.native_steps(256, p->loc())) return Step::fail();
      if (std::optional<Step> s = take(m, r)) return *s;
      ++i;
    }
    if (i == a->size()) return finish(m);
    return call_next(m);
  }

  DirectCall dc;
  bool direct = false;
  bool forcing = false;
};

// A stable bottom-up merge sort whose comparisons are calls of the user's function.
struct SortTask : Task {
  const ir::Prim* p;
  Value cmp;
  std::vector<Value> src, dst;
  size_t width = 1, lo = 0, left = 0, right = 0, mid = 0, hi = 0, out = 0;
  bool comparing = false;
  bool direct = false;
  DirectCall dc;
  base::NameId lesser, equal, greater;

  base::Loc where() const override { return p->loc(); }

  // Starts merging the runs at `lo`; returns false when the pass is over.
  bool start_run() {
    size_t n = src.size();
    if (lo >= n) return false;
    mid = std::min(lo + width, n);
    hi = std::min(lo + 2 * width, n);
    left = lo, right = mid, out = lo;
    return true;
  }

  // -1, 0, 1 for 'Lesser, 'Equal, 'Greater; 2 for anything else.
  int order_of(Value v) const {
    if (!v.is_enum_tag()) return 2;
    base::NameId t = v.enum_tag();
    return t == lesser ? -1 : t == greater ? 1 : t == equal ? 0 : 2;
  }

  Step resume(Machine& m, Value v) override {
    if (comparing) {
      comparing = false;
      if (v.is_unknown()) return Step::ret(v);
      int order = order_of(v);
      if (order == 2)
        return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(0),
                      fmt::format("expected the comparison to return 'Lesser, 'Equal or 'Greater, got {}",
                                  describe(m, v)));
      // The call forced the elements: keep their values, not the thunks (cache misses).
      src[left] = Machine::peek(src[left]);
      src[right] = Machine::peek(src[right]);
      // Stable: take from the left run unless the right element is strictly smaller.
      if (order > 0) dst[out++] = src[right++];
      else dst[out++] = src[left++];
    } else if (dst.empty()) {
      lesser = m.names().intern("Lesser");
      equal = m.names().intern("Equal");
      greater = m.names().intern("Greater");
      direct = m.options.fast_calls && dc.init(cmp, 2, m.direct_cache);
      dst.resize(src.size());
      if (src.size() < 2) return done(m);
      lo = 0;
      start_run();
    }
    while (true) {
      if (left < mid && right < hi) {
        // Comparisons the fast path can run take no trip through the machine (direct.h).
        if (direct) {
          Value args[2] = {src[left], src[right]};
          int order = order_of(dc.call(args));
          if (order != 2) {
            if ((out & 255) == 0 && m.native_steps(256, p->loc())) return Step::fail();
            if (order > 0) dst[out++] = src[right++];
            else dst[out++] = src[left++];
            continue;
          }
        }
        comparing = true;
        m.vstack().push_back(src[left]);
        m.vstack().push_back(src[right]);
        return Step::await_call(cmp, 2);
      }
      while (left < mid) dst[out++] = src[left++];
      while (right < hi) dst[out++] = src[right++];
      lo = hi;
      if (start_run()) continue;
      std::swap(src, dst);
      width *= 2;
      if (width >= src.size()) return done(m);
      lo = 0;
      start_run();
    }
  }

  Step done(Machine& m) {
    value::Array* outa = new_array(m, static_cast<uint32_t>(src.size()));
    std::copy(src.begin(), src.end(), outa->data);
    return Step::ret(Value::object(outa));
  }
};

} // namespace

Step start_array_loop(const ir::Prim* p, const value::Array* arr, Value f, Value acc) {
  auto* t = new LoopTask();
  t->p = p;
  t->f = f;
  t->a = arr;
  PrimOp op = p->op();
  t->kind = op == PrimOp::ArrayFilter      ? LoopTask::Filter
            : op == PrimOp::ArrayPartition ? LoopTask::Partition
            : op == PrimOp::ArrayFoldLeft  ? LoopTask::FoldLeft
            : op == PrimOp::ArrayAll       ? LoopTask::All
            : op == PrimOp::ArrayAny       ? LoopTask::Any
                                           : LoopTask::Elem;
  t->acc = acc;
  return Step::start(t);
}

Step start_array_sort(const ir::Prim* p, const value::Array* arr, Value cmp) {
  auto* t = new SortTask();
  t->p = p;
  t->cmp = cmp;
  t->src.resize(arr->size());
  for (uint32_t i = 0; i < arr->size(); ++i) t->src[i] = array_elem(arr, i);
  return Step::start(t);
}

} // namespace cairn::eval
