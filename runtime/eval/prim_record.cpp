// The record builtins of the standard library. Records they build are plain (no merge
// recipes): their fields hold values, not code to re-run after a merge. Field lists come
// out sorted by name, as Nickel's do.
#include <fmt/core.h>

#include <algorithm>

#include "compiler/resolve/resolve.h"
#include "compiler/value/string.h"
#include "runtime/eval/fields.h"
#include "runtime/eval/prim.h"

namespace cairn::eval {

using ir::PrimOp;
using value::Field;

namespace {

// The fields shown by record functions: defined ones (and, `with_opts`, optional ones).
std::vector<const Field*> visible(Machine& m, const value::Record* r, bool with_opts) {
  std::vector<const Field*> out;
  for (uint32_t i = 0; i < r->size(); ++i) {
    const Field& f = r->fields()[i];
    if (f.defined() || (with_opts && f.optional())) out.push_back(&f);
  }
  std::sort(out.begin(), out.end(),
            [&](const Field* a, const Field* b) { return m.names().text(a->name) < m.names().text(b->name); });
  return out;
}

Field plain_field(base::NameId name, Value v) { return Field{name, 0, value::PrioKind::Numeric, 0, nullptr, v, nullptr}; }

Value make_record(Machine& m, std::vector<Field> fields) {
  std::sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
  value::Record* r = new_record(m, static_cast<uint32_t>(fields.size()));
  std::copy(fields.begin(), fields.end(), r->fields());
  return Value::object(r);
}

// A copy of `f` without recipe (a plain field of a new record).
Field plain_copy(const Field& f) {
  Field c = f;
  c.origin = nullptr;
  c.flags &= ~Field::kRecipeTree;
  return c;
}

// std.record.from_array: forces each element and its `field`.
struct FromArrayTask : Task {
  const ir::Prim* p;
  const value::Array* arr;
  uint32_t i = 0;
  int state = 0; // 0: force element, 1: force its field name
  Value element;
  std::vector<Field> fields;
  base::NameId field_name, value_name;

  Step resume(Machine& m, Value v) override {
    if (state == 1) {
      element = v;
      if (v.is_unknown()) return Step::ret(v);
      if (!v.is_record())
        return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(0),
                      fmt::format("expected an array of `{{ field, value }}` records, element {} is {}", i,
                                  describe(m, v)));
      const Field* f = v.as<value::Record>()->find(field_name);
      if (!f || !f->defined())
        return m.fail(diag::DiagKind::NoSuchField, p->arg_loc(0),
                      fmt::format("element {} has no `field`", i));
      state = 2;
      return Step::await(f->value);
    }
    if (state == 2) {
      if (v.is_unknown()) return Step::ret(v);
      if (!v.is_string())
        return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(0),
                      fmt::format("the `field` of element {} must be a string, got {}", i, describe(m, v)));
      const Field* val = element.as<value::Record>()->find(value_name);
      Value fv = val && val->defined() ? val->value : Value();
      fields.push_back(plain_field(m.names().intern(v.as<value::String>()->view()), fv));
      ++i;
    }
    if (i < arr->size()) {
      state = 1;
      return Step::await(arr->data[i]);
    }
    std::sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
    for (size_t k = 1; k < fields.size(); ++k) {
      if (fields[k].name == fields[k - 1].name)
        return m.fail(diag::DiagKind::InvalidArgument, p->arg_loc(0),
                      fmt::format("the field `{}` appears twice", m.names().text(fields[k].name)));
    }
    return Step::ret(make_record(m, std::move(fields)));
  }
};

// std.record.filter: calls the predicate on each field.
struct FilterTask : Task {
  const ir::Prim* p;
  Value f;
  std::vector<const Field*> fields;
  size_t i = 0;
  bool started = false;
  std::vector<Field> kept;
  Step resume(Machine& m, Value v) override {
    if (started) {
      if (v.is_unknown()) return Step::ret(v);
      if (!v.is_bool())
        return m.fail(diag::DiagKind::EvalTypeMismatch, p->arg_loc(0),
                      fmt::format("expected the function to return a boolean, got {}", describe(m, v)));
      if (v.as_bool()) kept.push_back(plain_copy(*fields[i]));
      ++i;
    }
    started = true;
    if (i == fields.size()) return Step::ret(make_record(m, std::move(kept)));
    m.vstack().push_back(make_string(m, m.names().text(fields[i]->name)));
    m.vstack().push_back(fields[i]->value);
    return Step::await_call(f, 2);
  }
};

} // namespace

Step call_record_builtin(Machine& m, const ir::Prim* p, Value* a) {
  PrimOp op = p->op();
  uint32_t ri = 0;
  switch (op) {
  case PrimOp::RecordFields:
  case PrimOp::RecordFieldsWithOpts:
  case PrimOp::RecordValues:
  case PrimOp::RecordToArray:
  case PrimOp::RecordLength:
  case PrimOp::RecordFreeze: ri = 0; break;
  case PrimOp::RecordHasField:
  case PrimOp::RecordHasFieldWithOpts:
  case PrimOp::RecordGet:
  case PrimOp::RecordRemove:
  case PrimOp::RecordRemoveWithOpts:
  case PrimOp::RecordMap:
  case PrimOp::RecordFilter: ri = 1; break;
  case PrimOp::RecordInsert:
  case PrimOp::RecordInsertWithOpts: ri = 2; break;
  case PrimOp::RecordFromArray: ri = 99; break;
  default: return m.fail(diag::DiagKind::NotImplemented, p->loc(), "not a record builtin");
  }
  const value::Record* r = nullptr;
  if (ri != 99) {
    if (!a[ri].is_record()) return type_error(m, p, ri, "a record", a[ri]);
    r = a[ri].as<value::Record>();
  }
  auto name_arg = [&](uint32_t i) -> std::optional<base::NameId> {
    if (!a[i].is_string()) {
      type_error(m, p, i, "a string", a[i]);
      return std::nullopt;
    }
    return m.names().intern(a[i].as<value::String>()->view());
  };
  switch (op) {
  case PrimOp::RecordFields:
  case PrimOp::RecordFieldsWithOpts:
  case PrimOp::RecordValues: {
    std::vector<const Field*> fs = visible(m, r, op == PrimOp::RecordFieldsWithOpts);
    value::Array* out = new_array(m, static_cast<uint32_t>(fs.size()));
    for (size_t i = 0; i < fs.size(); ++i)
      out->data[i] = op == PrimOp::RecordValues ? fs[i]->value : make_string(m, m.names().text(fs[i]->name));
    return Step::ret(Value::object(out));
  }
  case PrimOp::RecordToArray: {
    std::vector<const Field*> fs = visible(m, r, false);
    value::Array* out = new_array(m, static_cast<uint32_t>(fs.size()));
    base::NameId field = m.names().intern("field"), val = m.names().intern("value");
    for (size_t i = 0; i < fs.size(); ++i)
      out->data[i] = make_record(m, {plain_field(field, make_string(m, m.names().text(fs[i]->name))),
                                     plain_field(val, fs[i]->value)});
    return Step::ret(Value::object(out));
  }
  case PrimOp::RecordLength: return Step::ret(Value::small_int(static_cast<int64_t>(visible(m, r, false).size())));
  case PrimOp::RecordHasField:
  case PrimOp::RecordHasFieldWithOpts: {
    std::optional<base::NameId> n = name_arg(0);
    if (!n) return Step::fail();
    const Field* f = r->find(*n);
    bool has = f && (op == PrimOp::RecordHasFieldWithOpts || f->defined() || !f->optional());
    return Step::ret(Value::boolean(has));
  }
  case PrimOp::RecordGet: {
    std::optional<base::NameId> n = name_arg(0);
    if (!n) return Step::fail();
    return select_field(m, a[1], *n, p->loc(), p->arg_loc(1));
  }
  case PrimOp::RecordInsert:
  case PrimOp::RecordInsertWithOpts: {
    std::optional<base::NameId> n = name_arg(0);
    if (!n) return Step::fail();
    const Field* existing = r->find(*n);
    bool taken = existing && (op == PrimOp::RecordInsertWithOpts || existing->defined() || !existing->optional());
    if (taken)
      return m.fail(diag::DiagKind::InvalidArgument, p->loc(),
                    fmt::format("the record already has a field `{}`", m.names().text(*n)));
    std::vector<Field> fields;
    for (uint32_t i = 0; i < r->size(); ++i)
      if (r->fields()[i].name != *n) fields.push_back(plain_copy(r->fields()[i]));
    fields.push_back(plain_field(*n, a[1]));
    return Step::ret(make_record(m, std::move(fields)));
  }
  case PrimOp::RecordRemove:
  case PrimOp::RecordRemoveWithOpts: {
    std::optional<base::NameId> n = name_arg(0);
    if (!n) return Step::fail();
    const Field* f = r->find(*n);
    if (!f || (!f->defined() && op == PrimOp::RecordRemove && f->optional()))
      return m.fail(diag::DiagKind::NoSuchField, p->loc(),
                    fmt::format("cannot remove `{}`: the record has no such field", m.names().text(*n)));
    std::vector<Field> fields;
    for (uint32_t i = 0; i < r->size(); ++i)
      if (r->fields()[i].name != *n) fields.push_back(plain_copy(r->fields()[i]));
    return Step::ret(make_record(m, std::move(fields)));
  }
  case PrimOp::RecordMap: {
    std::vector<Field> fields;
    for (uint32_t i = 0; i < r->size(); ++i) {
      const Field& f = r->fields()[i];
      if (!f.defined()) continue;
      fields.push_back(plain_field(f.name, suspend_apply(m, a[0], {make_string(m, m.names().text(f.name)), f.value})));
    }
    return Step::ret(make_record(m, std::move(fields)));
  }
  case PrimOp::RecordFilter: {
    auto* t = new FilterTask();
    t->p = p;
    t->f = a[0];
    t->fields = visible(m, r, false);
    return Step::start(t);
  }
  case PrimOp::RecordFromArray: {
    if (!a[0].is_array()) return type_error(m, p, 0, "an array", a[0]);
    auto* t = new FromArrayTask();
    t->p = p;
    t->arr = a[0].as<value::Array>();
    t->field_name = m.names().intern("field");
    t->value_name = m.names().intern("value");
    return Step::start(t);
  }
  case PrimOp::RecordFreeze: {
    std::vector<Field> fields;
    for (uint32_t i = 0; i < r->size(); ++i) {
      Field f = plain_copy(r->fields()[i]);
      // Frozen: the current values, without pending contracts to re-apply or recipes.
      if (f.meta && f.meta->contracts) f.meta = nullptr;
      fields.push_back(f);
    }
    Value out = make_record(m, std::move(fields));
    out.as<value::Record>()->h.flags |= value::Record::kFrozen;
    return Step::ret(out);
  }
  default: return m.fail(diag::DiagKind::NotImplemented, p->loc(), "not a record builtin");
  }
}

} // namespace cairn::eval
