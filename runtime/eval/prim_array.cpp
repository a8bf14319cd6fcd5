// The array builtins of the standard library. Element-wise functions stay lazy (`map`
// makes one native thunk per element); functions that must look at the results of calls
// (filter, folds, sort, all/any) are tasks that call the function (array_loops.cpp).
#include <fmt/core.h>

#include <algorithm>

#include "compiler/value/number.h"
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
    return start_array_loop(p, arr, a[0], op == PrimOp::ArrayFoldLeft ? a[1] : Value());
  }
  case PrimOp::ArrayFoldRight: {
    // f x1 (f x2 (... (f xn init))): lazy in the accumulator, so f may stop early.
    Value acc = a[1];
    for (uint32_t i = arr->size(); i-- > 0;) acc = suspend_apply(m, a[0], {arr->data[i], acc});
    return Step::force(acc);
  }
  case PrimOp::ArraySort: {
    return start_array_sort(p, arr, a[0]);
  }
  default: return m.fail(diag::DiagKind::NotImplemented, p->loc(), "not an array builtin");
  }
}

} // namespace cairn::eval
