// The array builtins of the standard library. Element-wise functions stay lazy (`map`
// makes one native thunk per element); functions that must look at the results of calls
// (filter, folds, sort, all/any) are tasks that call the function through the machine.
#include <fmt/core.h>

#include <algorithm>

#include "compiler/value/number.h"
#include "runtime/eval/direct.h"
#include "runtime/eval/prim.h"

namespace cairn::eval {

using ir::PrimOp;

namespace {

// An index argument: an integer in [0, limit]; reports an error otherwise.
std::optional<uint32_t> index_arg(Machine& m, const ir::Prim* p, uint32_t i, Value v, uint64_t limit,
                                  bool inclusive) {
  if (!v.is_number()) {
    type_error(m, p, i, "a number", v);
    return std::nullopt;
  }
  std::optional<int64_t> n = value::num::to_int64(v);
  if (!n || *n < 0 || static_cast<uint64_t>(*n) > limit || (!inclusive && static_cast<uint64_t>(*n) == limit)) {
    m.error(diag::DiagKind::IndexOutOfBounds, p->arg_loc(i),
            fmt::format("index {} is out of bounds", value::num::to_string(v)))
        .note(inclusive ? fmt::format("it must be an integer between 0 and {}", limit)
                        : limit == 0 ? std::string("the array is empty")
                                     : fmt::format("it must be an integer between 0 and {}", limit - 1));
    return std::nullopt;
  }
  return static_cast<uint32_t>(*n);
}

value::Array* slice_of(Machine& m, const value::Array* a, uint32_t start, uint32_t end) {
  value::Array* out = new_array(m, 0);
  out->h.u32 = end - start;
  out->data = a->data + start;
  return out;
}

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

Value range(Machine& m, Value start, Value end, Value step) {
  std::vector<Value> items;
  Value x = start;
  bool up = value::num::compare(step, Value::small_int(0)) > 0;
  while (up ? value::num::compare(x, end) < 0 : value::num::compare(x, end) > 0) {
    items.push_back(x);
    x = value::num::add(m.arena(), x, step);
  }
  value::Array* out = new_array(m, static_cast<uint32_t>(items.size()));
  std::copy(items.begin(), items.end(), out->data);
  return Value::object(out);
}

} // namespace

Step call_array_builtin(Machine& m, const ir::Prim* p, Value* a) {
  PrimOp op = p->op();
  // The array argument's position.
  uint32_t ai = 0;
  switch (op) {
  case PrimOp::ArrayLength:
  case PrimOp::ArrayReverse:
  case PrimOp::ArrayFlatten: ai = 0; break;
  case PrimOp::ArrayAt:
  case PrimOp::ArrayMap:
  case PrimOp::ArrayMapWithIndex:
  case PrimOp::ArrayFilter:
  case PrimOp::ArrayPartition:
  case PrimOp::ArrayAll:
  case PrimOp::ArrayAny:
  case PrimOp::ArraySort:
  case PrimOp::ArrayElem: ai = 1; break;
  case PrimOp::ArraySlice:
  case PrimOp::ArrayFoldLeft:
  case PrimOp::ArrayFoldRight: ai = 2; break;
  case PrimOp::ArrayGenerate:
  case PrimOp::ArrayRange:
  case PrimOp::ArrayReplicate: ai = 99; break;
  default: return m.fail(diag::DiagKind::NotImplemented, p->loc(), "not an array builtin");
  }
  const value::Array* arr = nullptr;
  if (ai != 99) {
    if (!a[ai].is_array()) return type_error(m, p, ai, "an array", a[ai]);
    arr = a[ai].as<value::Array>();
  }
  switch (op) {
  case PrimOp::ArrayLength: return Step::ret(Value::small_int(arr->size()));
  case PrimOp::ArrayAt: {
    std::optional<uint32_t> i = index_arg(m, p, 0, a[0], arr->size(), false);
    if (!i) return Step::fail();
    return Step::force(array_elem(arr, *i));
  }
  case PrimOp::ArraySlice: {
    std::optional<uint32_t> start = index_arg(m, p, 0, a[0], arr->size(), true);
    if (!start) return Step::fail();
    std::optional<uint32_t> end = index_arg(m, p, 1, a[1], arr->size(), true);
    if (!end) return Step::fail();
    if (*end < *start)
      return m.fail(diag::DiagKind::IndexOutOfBounds, p->loc(),
                    fmt::format("the slice ends ({}) before it starts ({})", *end, *start));
    return Step::ret(Value::object(slice_of(m, arr, *start, *end)));
  }
  case PrimOp::ArrayMap:
  case PrimOp::ArrayMapWithIndex: {
    value::Array* out = new_array(m, arr->size());
    for (uint32_t i = 0; i < arr->size(); ++i)
      out->data[i] = op == PrimOp::ArrayMap ? suspend_apply(m, a[0], {array_elem(arr, i)})
                                            : suspend_apply(m, a[0], {Value::small_int(i), array_elem(arr, i)});
    return Step::ret(Value::object(out));
  }
  case PrimOp::ArrayGenerate: {
    std::optional<uint32_t> n = index_arg(m, p, 1, a[1], uint64_t(1) << 31, true);
    if (!n) return Step::fail();
    value::Array* out = new_array(m, *n);
    for (uint32_t i = 0; i < *n; ++i) out->data[i] = suspend_apply(m, a[0], {Value::small_int(i)});
    return Step::ret(Value::object(out));
  }
  case PrimOp::ArrayRange: {
    for (uint32_t i = 0; i < 3; ++i)
      if (!a[i].is_number()) return type_error(m, p, i, "a number", a[i]);
    if (value::num::compare(a[2], Value::small_int(0)) == 0)
      return m.fail(diag::DiagKind::InvalidArgument, p->arg_loc(2), "the step of a range cannot be 0");
    return Step::ret(range(m, a[0], a[1], a[2]));
  }
  case PrimOp::ArrayReplicate: {
    std::optional<uint32_t> n = index_arg(m, p, 0, a[0], uint64_t(1) << 31, true);
    if (!n) return Step::fail();
    value::Array* out = new_array(m, *n);
    for (uint32_t i = 0; i < *n; ++i) out->data[i] = a[1];
    return Step::ret(Value::object(out));
  }
  case PrimOp::ArrayReverse: {
    value::Array* out = new_array(m, arr->size());
    for (uint32_t i = 0; i < arr->size(); ++i) out->data[arr->size() - 1 - i] = array_elem(arr, i);
    return Step::ret(Value::object(out));
  }
  case PrimOp::ArrayFlatten: {
    // The elements must be arrays: force them first.
    struct FlattenTask : Task {
      const ir::Prim* p;
      const value::Array* arr;
      uint32_t i = 0;
      bool started = false;
      std::vector<Value> items;
      Step resume(Machine& m, Value v) override {
        if (started) {
          if (v.is_unknown()) return Step::ret(v);
          if (!v.is_array())
            return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(0),
                          fmt::format("expected an array of arrays, element {} is {}", i, describe(m, v)));
          auto* x = v.as<value::Array>();
          items.insert(items.end(), x->data, x->data + x->size());
          ++i;
        }
        started = true;
        if (i < arr->size()) return Step::await(arr->data[i]);
        value::Array* out = new_array(m, static_cast<uint32_t>(items.size()));
        std::copy(items.begin(), items.end(), out->data);
        return Step::ret(Value::object(out));
      }
    };
    auto* t = new FlattenTask();
    t->p = p;
    t->arr = arr;
    return Step::start(t);
  }
  case PrimOp::ArrayFilter:
  case PrimOp::ArrayPartition:
  case PrimOp::ArrayFoldLeft:
  case PrimOp::ArrayAll:
  case PrimOp::ArrayAny:
  case PrimOp::ArrayElem: {
    auto* t = new LoopTask();
    t->p = p;
    t->f = a[0];
    t->a = arr;
    t->kind = op == PrimOp::ArrayFilter      ? LoopTask::Filter
              : op == PrimOp::ArrayPartition ? LoopTask::Partition
              : op == PrimOp::ArrayFoldLeft  ? LoopTask::FoldLeft
              : op == PrimOp::ArrayAll       ? LoopTask::All
              : op == PrimOp::ArrayAny       ? LoopTask::Any
                                             : LoopTask::Elem;
    if (op == PrimOp::ArrayFoldLeft) t->acc = a[1];
    return Step::start(t);
  }
  case PrimOp::ArrayFoldRight: {
    // f x1 (f x2 (... (f xn init))): lazy in the accumulator, so f may stop early.
    Value acc = a[1];
    for (uint32_t i = arr->size(); i-- > 0;) acc = suspend_apply(m, a[0], {arr->data[i], acc});
    return Step::force(acc);
  }
  case PrimOp::ArraySort: {
    auto* t = new SortTask();
    t->p = p;
    t->cmp = a[0];
    t->src.resize(arr->size());
    for (uint32_t i = 0; i < arr->size(); ++i) t->src[i] = array_elem(arr, i);
    return Step::start(t);
  }
  default: return m.fail(diag::DiagKind::NotImplemented, p->loc(), "not an array builtin");
  }
}

} // namespace cairn::eval
