// Native suspensions: making them and running them when forced; see native.h.
#include "runtime/eval/native.h"

#include "runtime/eval/ops.h"

namespace cairn::eval {

namespace {

NativeSusp* new_susp(Machine& m, NativeOp op, base::Loc at) {
  auto* s = m.arena().make<NativeSusp>();
  *s = NativeSusp{};
  s->op = op;
  s->file = at.file;
  s->span = at.span;
  return s;
}

base::Loc code_loc(Value v) {
  if (v.is_thunk()) {
    auto* t = v.as<value::Thunk>();
    if (const ir::Node* n = t->ir()) return n->loc();
  }
  return {};
}

// Forces both sides of a merge, then merges them.
struct MergeTask : Task {
  const NativeSusp* s;
  Value left;
  int state = 0;
  base::Loc where() const override { return {s->file, s->span}; }
  Step resume(Machine& m, Value v) override {
    switch (state) {
    case 0: state = 1; return Step::await(s->a);
    case 1: left = v; state = 2; return Step::await(s->b);
    default:
      return merge_values(m, left, v, {s->file, s->span}, s->field, s->left_def, s->right_def);
    }
  }
};

// Applies a field's pending contracts in order.
struct ContractsTask : Task {
  const NativeSusp* s;
  Value value;
  uint32_t next = 0;
  Step resume(Machine& m, Value v) override {
    if (next == 0) value = s->a;
    else value = v;
    if (next == s->list->size) return Step::ret(value);
    const value::PendingContract& c = s->list->items()[next++];
    return Step::await_task(contract_task(m, value, c.contract, c.label));
  }
};

} // namespace

Value suspend_merge(Machine& m, Value left, Value right, base::Loc site, base::NameId field, base::Loc left_def,
                    base::Loc right_def) {
  NativeSusp* s = new_susp(m, NativeOp::Merge, site);
  s->a = left;
  s->b = right;
  s->field = field;
  s->left_def = left_def.valid() ? left_def : code_loc(left);
  s->right_def = right_def.valid() ? right_def : code_loc(right);
  return m.suspend(s);
}

Value suspend_contracts(Machine& m, Value raw, const value::ContractList* list) {
  NativeSusp* s = new_susp(m, NativeOp::Contracts, code_loc(raw));
  s->a = raw;
  s->list = list;
  return m.suspend(s);
}

Value suspend_contract(Machine& m, Value value, Value contract, Value label) {
  NativeSusp* s = new_susp(m, NativeOp::Contract, code_loc(value));
  s->a = value;
  s->b = contract;
  s->c = label;
  return m.suspend(s);
}

Value suspend_apply(Machine& m, Value f, std::initializer_list<Value> args) {
  void* mem = m.arena().alloc(sizeof(ApplySusp) + sizeof(Value) * args.size());
  auto* s = new (mem) ApplySusp{};
  s->op = NativeOp::Apply;
  s->nargs = static_cast<uint16_t>(args.size());
  s->fn = f;
  size_t i = 0;
  for (Value a : args) s->args()[i++] = a;
  return m.suspend(s);
}

Step enter_native(Machine& m, const SuspHead* head) {
  if (head->op == NativeOp::Apply) {
    auto* a = static_cast<const ApplySusp*>(head);
    for (uint16_t i = 0; i < a->nargs; ++i) m.vstack().push_back(a->args()[i]);
    return Step::call(a->fn, a->nargs);
  }
  auto* s = static_cast<const NativeSusp*>(head);
  switch (s->op) {
  case NativeOp::Merge: {
    auto* t = new MergeTask();
    t->s = s;
    return Step::start(t);
  }
  case NativeOp::Contracts: {
    if (s->list->size == 1) {
      const value::PendingContract& c = s->list->items()[0];
      return Step::start(contract_task(m, s->a, c.contract, c.label));
    }
    auto* t = new ContractsTask();
    t->s = s;
    return Step::start(t);
  }
  case NativeOp::Contract: return Step::start(contract_task(m, s->a, s->b, s->c));
  case NativeOp::Apply: break; // above
  case NativeOp::Module: return enter_module(m, s->module);
  }
  return Step::fail();
}

} // namespace cairn::eval
