// Merging (`&`): records field by field with priorities and recursive overriding, other
// values only when equal; see Nickel's manual (merging). Field values merge lazily: a field
// defined on both sides gets a native thunk that merges the two values when forced.
#include <fmt/core.h>

#include "compiler/value/number.h"
#include "runtime/eval/fields.h"
#include "runtime/eval/speculate.h"

namespace cairn::eval {

using value::Field;

namespace {

Value merge_records(Machine& m, const value::Record* l, const value::Record* r, base::Loc site) {
  Recloser rc(m);
  uint32_t n = 0;
  {
    uint32_t i = 0, j = 0;
    while (i < l->size() || j < r->size()) {
      if (j == r->size() || (i < l->size() && l->fields()[i].name < r->fields()[j].name)) ++i;
      else if (i == l->size() || r->fields()[j].name < l->fields()[i].name) ++j;
      else ++i, ++j;
      ++n;
    }
  }
  value::Record* out = new_record(m, n);
  uint32_t i = 0, j = 0, k = 0;
  while (i < l->size() || j < r->size()) {
    if (j == r->size() || (i < l->size() && l->fields()[i].name < r->fields()[j].name)) {
      out->fields()[k++] = reclose_field(m, rc, l->fields()[i++]);
    } else if (i == l->size() || r->fields()[j].name < l->fields()[i].name) {
      out->fields()[k++] = reclose_field(m, rc, r->fields()[j++]);
    } else {
      FieldData a = field_data(l, l->fields()[i++]);
      FieldData b = field_data(r, r->fields()[j++]);
      a.raw = rc.raw(a);
      b.raw = rc.raw(b);
      rc.contracts(a);
      rc.contracts(b);
      out->fields()[k++] = materialize(m, merge_field(m, std::move(a), std::move(b), site));
    }
  }
  if ((l->h.flags | r->h.flags) & value::Record::kOpen) out->h.flags |= value::Record::kOpen;
  rc.fill(out);
  return Value::object(out);
}

bool scalar_equal(Value a, Value b) {
  if (a.is_number() && b.is_number()) return value::num::equal(a, b);
  if (a.is_string() && b.is_string()) return a.as<value::String>()->view() == b.as<value::String>()->view();
  return a == b && (a.is_bool() || a.is_null() || a.is_enum_tag());
}

// A record whose tail a polymorphic contract sealed (contract_poly.cpp) cannot merge: what
// the tail holds is hidden from the code that has the record.
Step sealed_tail_merge(Machine& m, base::Loc site) {
  auto b = m.error(diag::DiagKind::ContractBroken, site, "cannot merge a record whose tail is sealed");
  b.primary("merged here");
  b.note("a polymorphic contract (`forall r. { ..; r } -> ..`) hides the fields of `r` from the function "
         "it guards: the function cannot merge them");
  return Step::fail();
}

} // namespace

Step merge_values(Machine& m, Value l, Value r, base::Loc site, base::NameId field, base::Loc left_def,
                  base::Loc right_def) {
  if (l.is_unknown() || r.is_unknown()) return widen(m, unknown_union(m, l, r), {l, r}, site);
  if (l.is_record() && r.is_record()) {
    if ((l.as<value::Record>()->h.flags | r.as<value::Record>()->h.flags) & value::Record::kSealedTail)
      return sealed_tail_merge(m, site);
    return Step::ret(merge_records(m, l.as<value::Record>(), r.as<value::Record>(), site));
  }
  if (scalar_equal(l, r)) return Step::ret(l);
  if (l.is(value::ObjKind::Variant) && r.is(value::ObjKind::Variant) &&
      l.as<value::Variant>()->tag() == r.as<value::Variant>()->tag()) {
    Value arg = suspend_merge(m, l.as<value::Variant>()->arg, r.as<value::Variant>()->arg, site, field);
    return Step::ret(make_variant(m, l.as<value::Variant>()->tag(), arg));
  }
  if (l.is_array() && r.is_array()) return Step::start(merge_arrays_task(m, l, r, site, field));
  std::string what = field.valid() ? fmt::format("conflicting values for field `{}`", m.names().text(field))
                                   : std::string("cannot merge these values");
  bool defs = left_def.valid() && right_def.valid();
  auto b = m.error(diag::DiagKind::MergeConflict, defs ? left_def : site, what);
  if (defs) {
    b.primary("cannot merge this value");
    b.label(right_def, "with this value");
    if (site.valid()) b.label(site, "merged here");
  } else {
    b.primary("merged here");
  }
  b.note(fmt::format("one side is {}, the other is {}", describe(m, l), describe(m, r)));
  if (value::type_of(l) == value::type_of(r) && !l.is_record() && !l.is_function())
    b.help("values of the same priority merge only when they are equal; mark one `| default` or `| force`, or "
           "give them different priorities");
  return Step::fail();
}

} // namespace cairn::eval
