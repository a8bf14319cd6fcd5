// Contract application and blame.
//
// `value | C` runs a ContractTask: it forces C, then, by what C is:
//   Dyn                  the value, untouched and unforced
//   Number, String, Bool forces the value and checks its type
//   Array T              forces the value; elements get T lazily (each a native thunk)
//   {_ | T}              forces the value; every field gets T as a pending contract
//   T -> U               forces the value, wraps the function (checked at each call)
//   enum rows            forces the value, checks the tag (and a variant's argument lazily)
//   a record             a record contract: forces the value, rejects extra fields unless
//                        the contract is open, then merges the contract into the value, so
//                        its fields' contracts, defaults and missing fields apply lazily
//   std.contract.custom  calls the function with a label and the value: 'Ok v or 'Error
//   any other function   called with a label and the value (Nickel's older convention)
// A violation is a "blame": a diagnostic that names the contract and the value's path.
#include <fmt/core.h>

#include <algorithm>

#include "compiler/resolve/resolve.h"
#include "compiler/value/contract.h"
#include "runtime/eval/fields.h"
#include "runtime/eval/native.h"
#include "runtime/eval/speculate.h"

namespace cairn::eval {

using value::Contract;
using value::ContractKind;

// A function wrapped by a function contract.
struct ContractedFn {
  value::Obj h;
  Value fn;
  Value dom;
  Value codom;
  Value label;
};

Label* make_label(Machine& m, base::Loc contract, base::Loc value) {
  auto* l = m.arena().make<Label>();
  *l = Label{};
  l->h = value::Obj{value::ObjKind::Label, 0, 0, 0};
  l->contract = contract;
  l->value = value;
  return l;
}

Label* label_copy(Machine& m, const Label* l) {
  auto* c = m.arena().make<Label>();
  *c = *l;
  return c;
}

Label* label_push(Machine& m, const Label* l, PathElem::Kind kind, base::NameId name) {
  auto* p = m.arena().make<PathElem>();
  *p = PathElem{kind, name, l->path};
  Label* c = label_copy(m, l);
  c->path = p;
  return c;
}

Label* label_flip(Machine& m, const Label* l) {
  Label* c = label_copy(m, l);
  c->h.flags ^= Label::kNegative;
  return c;
}

namespace {

base::Loc code_loc(Value v) {
  if (v.is_thunk())
    if (const ir::Node* n = v.as<value::Thunk>()->ir()) return n->loc();
  return {};
}

std::string blame_title(Machine& m, const Label* l) {
  std::vector<const PathElem*> path;
  for (const PathElem* p = l->path; p; p = p->parent) path.push_back(p);
  std::string fields;
  for (size_t i = path.size(); i-- > 0;) {
    const PathElem* p = path[i];
    if (p->kind == PathElem::Domain || p->kind == PathElem::Codomain) fields.clear();
    if (p->kind == PathElem::Field) fields += (fields.empty() ? "" : ".") + std::string(m.names().text(p->name));
  }
  for (const PathElem* p : path) {
    if (p->kind == PathElem::Domain || p->kind == PathElem::Codomain) {
      if (l->h.flags & Label::kNegative) return "contract broken by the caller of a function";
      return "contract broken by a function";
    }
  }
  if (!fields.empty()) return fmt::format("contract broken by the value of `{}`", fields);
  return "contract broken by a value";
}

// Reports a contract violation. `value` is the value as given to the contract (maybe a
// thunk: its code is the best place to blame), `forced` what it evaluated to.
Step blame(Machine& m, const Label* l, Value value, Value forced, std::string why, std::vector<std::string> notes = {}) {
  base::Loc where = code_loc(value);
  if (!where.valid() && l->code) where = l->code->loc();
  if (!where.valid()) where = l->value;
  auto b = m.error(diag::DiagKind::ContractBroken, where, blame_title(m, l));
  b.primary(why.empty() ? "this value" : why);
  if (l->contract.valid()) b.label(l->contract, "expected by this contract");
  if (l->message.is_string()) b.note(std::string(l->message.as<value::String>()->view()));
  if (l->notes.is_array()) {
    auto* a = l->notes.as<value::Array>();
    for (uint32_t i = 0; i < a->size(); ++i) {
      Value n = Machine::peek(a->data[i]);
      if (n.is_string()) b.note(std::string(n.as<value::String>()->view()));
    }
  }
  for (std::string& n : notes) b.note(std::move(n));
  if (!forced.is_none() && !forced.is_thunk()) b.note(fmt::format("the value is {}", show(m, forced, 80)));
  return Step::fail();
}

std::string_view builtin_name(ContractKind k) {
  switch (k) {
  case ContractKind::Number: return "a number";
  case ContractKind::String: return "a string";
  case ContractKind::Bool: return "a boolean";
  case ContractKind::Array: return "an array";
  case ContractKind::Dict: return "a record";
  case ContractKind::Arrow: return "a function";
  case ContractKind::Enum: return "an enum";
  case ContractKind::Dyn:
  case ContractKind::Custom:
  case ContractKind::Forall:
  case ContractKind::TypeVar:
  case ContractKind::Tail: return "a value";
  }
  return "a value";
}

bool is_dyn(Value c) { return c.is(value::ObjKind::Contract) && c.as<Contract>()->kind() == ContractKind::Dyn; }

// Forces the message and notes of a custom contract's 'Error record, then blames.
struct CustomErrorTask : Task {
  Value value, label, data;
  Value message, notes;
  uint32_t note = 0;
  enum { Start, Data, Message, Notes, Note } state = Start;

  Value field(Machine& m, const char* name) const {
    if (!data.is_record()) return Value();
    const value::Field* f = data.as<value::Record>()->find(m.names().intern(name));
    return f && f->defined() ? f->value : Value();
  }

  Step resume(Machine& m, Value v) override {
    switch (state) {
    case Start: state = Data; return Step::await(data);
    case Data: {
      data = v;
      Value msg = field(m, "message");
      if (!msg.is_none()) {
        state = Message;
        return Step::await(msg);
      }
      return after_message(m);
    }
    case Message: message = v; return after_message(m);
    case Notes: notes = v; return next_note(m);
    case Note: ++note; return next_note(m);
    }
    return Step::fail();
  }

  Step after_message(Machine& m) {
    Value ns = field(m, "notes");
    if (ns.is_none()) return finish(m);
    state = Notes;
    return Step::await(ns);
  }

  Step next_note(Machine& m) {
    if (!notes.is_array() || note == notes.as<value::Array>()->size()) return finish(m);
    state = Note;
    return Step::await(notes.as<value::Array>()->data[note]);
  }

  Step finish(Machine& m) {
    Label* copy = label_copy(m, label.as<Label>());
    if (message.is_string()) copy->message = message;
    if (notes.is_array()) copy->notes = notes;
    return blame(m, copy, value, Machine::peek(value), "");
  }
};

struct ContractTask : Task {
  Value value, contract, label;
  bool check_mode = false; // std.contract.check: immediate failures become 'Error {..}
  int state = 0;
  base::Loc where() const override { return label.as<Label>()->contract; }

  const Label* lab() const { return label.as<Label>(); }

  // Success: the value (forced), or 'Ok value in check mode.
  Step ok(Machine& m, Value v) {
    if (check_mode) return Step::ret(make_variant(m, m.names().intern("Ok"), v));
    return Step::force(v);
  }

  // The value or the contract is unknown: so is the result (whether the contract holds,
  // and in check mode whether it is 'Ok or 'Error), and it depends on both.
  Step unknown_result(Machine& m, Value u) {
    return widen(m, u, {value, contract}, lab()->contract);
  }

  // An immediate failure: blame, or 'Error { message, notes } in check mode.
  Step violation(Machine& m, Value forced, std::string why, std::vector<std::string> notes = {}) {
    if (!check_mode) return blame(m, lab(), value, forced, std::move(why), std::move(notes));
    std::vector<std::pair<base::NameId, Value>> fields;
    fields.emplace_back(m.names().intern("message"), make_string(m, why));
    if (!notes.empty()) {
      value::Array* a = new_array(m, static_cast<uint32_t>(notes.size()));
      for (size_t i = 0; i < notes.size(); ++i) a->data[i] = make_string(m, notes[i]);
      fields.emplace_back(m.names().intern("notes"), Value::object(a));
    }
    std::sort(fields.begin(), fields.end(), [](auto& x, auto& y) { return x.first < y.first; });
    value::Record* r = new_record(m, static_cast<uint32_t>(fields.size()));
    for (size_t i = 0; i < fields.size(); ++i)
      r->fields()[i] = value::Field{fields[i].first, 0, value::PrioKind::Numeric, 0, nullptr, fields[i].second, nullptr};
    return Step::ret(make_variant(m, m.names().intern("Error"), Value::object(r)));
  }

  Step resume(Machine& m, Value v) override {
    switch (state) {
    case 0: state = 1; return Step::await(contract);
    case 1: return dispatch(m, v);
    case 2: return check(m, v);
    case 3: return record_contract(m, v);
    case 4: return custom_result(m, v);
    case 5: return ok(m, v);
    }
    return Step::fail();
  }

  Step dispatch(Machine& m, Value c) {
    contract = c;
    if (c.is(value::ObjKind::Contract)) {
      ContractKind k = c.as<Contract>()->kind();
      if (k == ContractKind::Dyn) return ok(m, value);
      if (k == ContractKind::Forall || k == ContractKind::TypeVar || k == ContractKind::Tail)
        return Step::start(poly_contract_task(m, value, c, label, check_mode));
      if (c.as<Contract>()->kind() == ContractKind::Custom) {
        state = 4;
        m.vstack().push_back(label);
        m.vstack().push_back(value);
        return Step::await_call(c.as<Contract>()->a, 2);
      }
      state = 2;
      return Step::await(value);
    }
    if (c.is_record()) {
      state = 3;
      return Step::await(value);
    }
    if (c.is_function()) {
      m.vstack().push_back(label);
      m.vstack().push_back(value);
      if (!check_mode) return Step::call(c, 2);
      state = 5;
      return Step::await_call(c, 2);
    }
    if (c.is_unknown()) return unknown_result(m, c);
    return m.fail(diag::DiagKind::NotAContract, lab()->contract,
                  fmt::format("this is not a contract: it is {}", describe(m, c)));
  }

  Step check(Machine& m, Value v) {
    if (v.is_unknown()) return unknown_result(m, v);
    auto* c = contract.as<Contract>();
    ContractKind k = c->kind();
    auto mismatch = [&]() {
      return violation(m, v, fmt::format("expected {}, got {}", builtin_name(k), describe(m, v)));
    };
    switch (k) {
    case ContractKind::Dyn: return ok(m, v);
    case ContractKind::Number: return v.is_number() ? ok(m, v) : mismatch();
    case ContractKind::String: return v.is_string() ? ok(m, v) : mismatch();
    case ContractKind::Bool: return v.is_bool() ? ok(m, v) : mismatch();
    case ContractKind::Array: {
      if (!v.is_array()) return mismatch();
      if (is_dyn(c->a)) return ok(m, v);
      auto* a = v.as<value::Array>();
      value::Array* out = new_array(m, a->size());
      Value elem_label = Value::object(label_push(m, lab(), PathElem::Elem));
      for (uint32_t i = 0; i < a->size(); ++i) out->data[i] = suspend_contract(m, a->data[i], c->a, elem_label);
      return ok(m, Value::object(out));
    }
    case ContractKind::Dict: {
      if (!v.is_record()) return mismatch();
      if (is_dyn(c->a)) return ok(m, v);
      auto* r = v.as<value::Record>();
      value::Record* out = new_record(m, r->size());
      out->h.flags = r->h.flags & ~value::Record::kTracked;
      for (uint32_t i = 0; i < r->size(); ++i) {
        FieldData d = field_data(r->fields()[i]);
        Label* l = label_push(m, lab(), PathElem::Field, d.name);
        d.contracts.push_back({c->a, Value::object(l)});
        out->fields()[i] = materialize(m, d);
      }
      return ok(m, Value::object(out));
    }
    case ContractKind::Arrow: {
      if (!v.is_function()) return mismatch();
      auto* f = m.arena().make<ContractedFn>();
      f->h = value::Obj{value::ObjKind::ContractedFn, 0, 0, 0};
      f->fn = v;
      f->dom = c->a;
      f->codom = c->b;
      f->label = label;
      return ok(m, Value::object(f));
    }
    case ContractKind::Enum: {
      auto* rows = c->a.as<value::Array>();
      bool open = (c->h.flags & Contract::kOpen) != 0;
      base::NameId tag;
      if (v.is_enum_tag()) tag = v.enum_tag();
      else if (v.is(value::ObjKind::Variant)) tag = v.as<value::Variant>()->tag();
      else return mismatch();
      for (uint32_t i = 0; i < rows->size(); ++i) {
        Value row = Machine::peek(rows->data[i]);
        if (row.is_enum_tag() && row.enum_tag() == tag && v.is_enum_tag()) return ok(m, v);
        if (row.is(value::ObjKind::Variant) && row.as<value::Variant>()->tag() == tag &&
            v.is(value::ObjKind::Variant)) {
          Label* l = label_push(m, lab(), PathElem::Elem);
          Value arg = suspend_contract(m, v.as<value::Variant>()->arg, row.as<value::Variant>()->arg,
                                       Value::object(l));
          return ok(m, make_variant(m, tag, arg));
        }
      }
      if (open) return ok(m, v);
      std::string allowed;
      for (uint32_t i = 0; i < rows->size(); ++i) {
        Value row = Machine::peek(rows->data[i]);
        base::NameId t = row.is_enum_tag() ? row.enum_tag() : row.as<value::Variant>()->tag();
        allowed += fmt::format("{}'{}{}", allowed.empty() ? "" : ", ", m.names().text(t),
                               row.is_enum_tag() ? "" : " _");
      }
      return violation(m, v, fmt::format("this tag is not allowed"), {fmt::format("expected one of {}", allowed)});
    }
    case ContractKind::Custom:
    case ContractKind::Forall:
    case ContractKind::TypeVar:
    case ContractKind::Tail: break;
    }
    return ok(m, v);
  }

  Step record_contract(Machine& m, Value v) {
    if (v.is_unknown()) return unknown_result(m, v);
    if (!v.is_record()) return violation(m, v, fmt::format("expected a record, got {}", describe(m, v)));
    // A sealed tail (contract_poly.cpp) stays hidden and stays with the record.
    Machine::SealedTail tail{0, Value()};
    v = strip_sealed_tail(m, v, &tail);
    auto* r = v.as<value::Record>();
    auto* c = contract.as<value::Record>();
    if (!(c->h.flags & value::Record::kOpen)) {
      for (uint32_t i = 0; i < r->size(); ++i) {
        const value::Field& f = r->fields()[i];
        if (c->find(f.name) || (f.optional() && !f.defined())) continue;
        // A misspelling of a field the contract has (and the value lacks) is the likely cause.
        std::vector<std::string_view> candidates;
        for (uint32_t k = 0; k < c->size(); ++k)
          if (!r->find(c->fields()[k].name)) candidates.push_back(m.names().text(c->fields()[k].name));
        std::string_view name = m.names().text(f.name);
        if (std::optional<std::string_view> best = resolve::closest_name(name, candidates))
          return violation(m, v, fmt::format("extra field `{}`", name),
                           {fmt::format("did you mean `{}`? the contract has no field `{}`", *best, name)});
        return violation(m, v, fmt::format("extra field `{}`", name),
                         {"the contract does not allow other fields; add `..` to it to allow them"});
      }
    }
    base::Loc site = lab()->contract;
    Step s = merge_values(m, v, contract, site, {});
    if (tail.fields.is_record() && s.kind == Step::Return) attach_sealed_tail(m, s.v, tail);
    if (check_mode && s.kind == Step::Return) return ok(m, s.v);
    return s;
  }

  Step custom_result(Machine& m, Value v) {
    if (v.is_unknown()) return unknown_result(m, v);
    if (v.is(value::ObjKind::Variant)) {
      auto* var = v.as<value::Variant>();
      std::string_view tag = m.names().text(var->tag());
      if (check_mode && (tag == "Ok" || tag == "Error")) return Step::ret(v);
      if (tag == "Ok") return Step::force(var->arg);
      if (tag == "Error") {
        auto* t = new CustomErrorTask();
        t->value = value;
        t->label = label;
        t->data = var->arg;
        return Step::start(t);
      }
    }
    if (v.is_enum_tag() && m.names().text(v.enum_tag()) == "Ok") return ok(m, value);
    if (v.is_enum_tag() && m.names().text(v.enum_tag()) == "Error") return violation(m, Machine::peek(value), "");
    return m.fail(diag::DiagKind::NotAContract, lab()->contract,
                  fmt::format("a custom contract must return 'Ok value or 'Error {{..}}, this one returned {}",
                              describe(m, v)));
  }
};

// Applies the contracts of an annotation `e | C1 | C2` in order.
struct AnnotTask : Task {
  const ir::Annot* a;
  value::Env* env;
  Value value;
  uint32_t next = 0;
  base::Loc where() const override { return a->loc(); }
  Step resume(Machine& m, Value v) override {
    if (next == 0) value = m.delay(a->value, env);
    else value = v;
    if (next == a->ncontracts) return Step::ret(value);
    const ir::ContractUse& use = a->contracts[next++];
    Label* l = make_label(m, {a->file, use.span}, a->value->loc());
    l->code = a->value;
    Task* t = contract_task(m, value, m.delay(use.contract, env), Value::object(l));
    if (next == a->ncontracts) return Step::start(t);
    return Step::await_task(t);
  }
};

// The result of a contracted function: checked against the codomain.
struct CodomainTask : Task {
  const ContractedFn* f;
  Value arg;
  int state = 0;
  Step resume(Machine& m, Value v) override {
    if (state == 0) {
      state = 1;
      m.vstack().push_back(arg);
      return Step::await_call(f->fn, 1);
    }
    Label* l = label_push(m, f->label.as<Label>(), PathElem::Codomain);
    return Step::start(contract_task(m, v, f->codom, Value::object(l)));
  }
};

} // namespace

Task* contract_task(Machine& m, Value value, Value contract, Value label, bool check) {
  (void)m;
  auto* t = new ContractTask();
  t->value = value;
  t->contract = contract;
  t->label = label;
  t->check_mode = check;
  return t;
}

Step blame_label(Machine& m, const Label* l, base::Loc at) {
  Label* copy = label_copy(m, l);
  if (!copy->contract.valid()) copy->contract = at;
  return blame(m, copy, Value(), Value(), "");
}

Step contract_blame(Machine& m, const Label* l, Value value, Value forced, std::string why,
                    std::vector<std::string> notes) {
  return blame(m, l, value, forced, std::move(why), std::move(notes));
}

Task* annot_task(Machine& m, const ir::Annot* a, value::Env* env) {
  (void)m;
  auto* t = new AnnotTask();
  t->a = a;
  t->env = env;
  return t;
}

Step call_contracted(Machine& m, Value fn, Value arg) {
  auto* f = fn.as<ContractedFn>();
  if (is_dyn(f->dom) && is_dyn(f->codom)) {
    m.vstack().push_back(arg);
    return Step::call(f->fn, 1);
  }
  Label* dom_label = label_flip(m, label_push(m, f->label.as<Label>(), PathElem::Domain));
  auto* t = new CodomainTask();
  t->f = f;
  t->arg = is_dyn(f->dom) ? arg : suspend_contract(m, arg, f->dom, Value::object(dom_label));
  return Step::start(t);
}

} // namespace cairn::eval
