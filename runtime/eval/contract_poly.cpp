// Polymorphic contracts: `forall`, the sealing of type variables and of record tails.
//
// `forall a. T` used as a contract is lowered to a function from a's contract to T's
// contract (compiler/lower/lower_types.cpp), held by a Forall contract. Applying it makes a
// fresh sealing key and a TypeVar contract holding the key and the polarity of the forall's
// label, then applies the body's contract to the value. A type variable's contract acts by
// the polarity of its own label against the forall's:
//   the other polarity (the argument of `a -> a`): seals the value, unforced, in a Sealed
//     object that no operation can look into;
//   the same polarity (what `a -> a` returns): unseals a value sealed with its key, and
//     blames anything else (a value not sealed, or sealed by another forall or by another
//     application of this one).
// So `forall a. a -> a` accepts only functions that give back what they were given.
//
// A record type with a polymorphic tail `{ f : T; r }` seals and unseals the fields it does
// not name. Sealing keeps the named fields (merged with the type's record contract) and
// hides the others: they become a record kept in Machine::sealed_tails for the new record,
// flagged Record::kSealedTail. Unsealing requires a tail sealed with r's key, blames fields
// the type does not name, and brings the tail's fields back. A field the type names and the
// record lacks is blamed in both directions. `&` on a record with a sealed tail is blamed by
// merge.cpp (what the tail holds is not the function's to know); record contracts and
// other record types keep the tail as it is.
//
// In std.contract.check mode a success is 'Ok value; a violation still blames.
#include <fmt/core.h>

#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"
#include "compiler/value/contract.h"

namespace cairn::eval {

using value::Contract;
using value::ContractKind;
using value::Field;
using value::Record;

namespace {

bool negative(Value label) { return (label.as<Label>()->h.flags & Label::kNegative) != 0; }

// A copy of the fields of `r` that `keep` selects, without their recipes: their values stay
// closed over the original record, so a field moved into the tail stays readable by the
// fields that use it. The copy has no sealed tail.
template <typename Keep> Value sub_record(Machine& m, const Record* r, Keep keep) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < r->size(); ++i) n += keep(r->fields()[i]) ? 1 : 0;
  Record* out = new_record(m, n);
  out->h.flags = r->h.flags & Record::kOpen;
  uint32_t k = 0;
  for (uint32_t i = 0; i < r->size(); ++i) {
    if (!keep(r->fields()[i])) continue;
    Field f = r->fields()[i];
    f.origin = nullptr;
    f.lit_index = 0;
    f.flags &= static_cast<uint8_t>(~Field::kRecipeTree);
    out->fields()[k++] = f;
  }
  return Value::object(out);
}

// The fields of `r` that the record type `fc` names, each checked by the contracts of its
// type with `l` (so type variables see the polarity of the whole contract). The contracts
// wrap the values and are not pending: merging the result later does not re-apply them
// (types do not propagate through merging, as in Nickel).
Value typed_fields(Machine& m, const Record* r, const Record* fc, const Label* l) {
  Value out = sub_record(m, r, [&](const Field& f) { return fc->find(f.name) != nullptr; });
  Record* o = out.as<Record>();
  for (uint32_t i = 0; i < o->size(); ++i) {
    Field& f = o->fields()[i];
    const Field* type = fc->find(f.name);
    if (!f.defined() || !type->meta || !type->meta->contracts) continue;
    Value fl = Value::object(label_push(m, l, PathElem::Field, f.name));
    const value::ContractList* list = type->meta->contracts;
    Value wrapped = f.value;
    for (uint32_t k = 0; k < list->size; ++k) wrapped = suspend_contract(m, wrapped, list->items()[k].contract, fl);
    f.value = wrapped;
  }
  return out;
}

struct PolyTask : Task {
  Value value, contract, label;
  bool check = false;
  enum { Start, Body, Unseal, Tail } state = Start;
  base::Loc where() const override { return label.as<Label>()->contract; }
  const Contract* c() const { return contract.as<Contract>(); }

  Step done(Machine& m, Value v) {
    if (check) return Step::ret(make_variant(m, m.names().intern("Ok"), v));
    return Step::force(v);
  }

  Step resume(Machine& m, Value v) override {
    switch (state) {
    case Start: return start(m);
    case Body: return Step::start(contract_task(m, value, v, label, check));
    case Unseal: return unseal(m, v);
    case Tail: return tail(m, v);
    }
    return Step::fail();
  }

  Step start(Machine& m) {
    switch (c()->kind()) {
    case ContractKind::Forall: {
      auto* var = m.arena().make<Contract>();
      var->h = value::Obj{value::ObjKind::Contract, negative(label) ? Contract::kNegative : uint8_t(0),
                          static_cast<uint16_t>(ContractKind::TypeVar), m.new_seal_key()};
      var->a = Value();
      var->b = Value();
      m.vstack().push_back(Value::object(var));
      state = Body;
      return Step::await_call(c()->a, 1);
    }
    case ContractKind::TypeVar: {
      if (negative(label) == ((c()->h.flags & Contract::kNegative) != 0)) {
        state = Unseal;
        return Step::await(value);
      }
      auto* s = m.arena().make<value::Sealed>();
      s->h = value::Obj{value::ObjKind::Sealed, 0, 0, c()->h.u32};
      s->inner = value;
      return done(m, Value::object(s));
    }
    case ContractKind::Tail: state = Tail; return Step::await(value);
    case ContractKind::Dyn:
    case ContractKind::Number:
    case ContractKind::String:
    case ContractKind::Bool:
    case ContractKind::Array:
    case ContractKind::Dict:
    case ContractKind::Arrow:
    case ContractKind::Enum:
    case ContractKind::Custom: break; // contract.cpp applies them
    }
    return Step::fail();
  }

  Step unseal(Machine& m, Value v) {
    if (v.is_unknown()) return Step::ret(v);
    if (v.is(value::ObjKind::Sealed)) {
      if (v.as<value::Sealed>()->key() == c()->h.u32) return done(m, v.as<value::Sealed>()->inner);
      return contract_blame(m, label.as<Label>(), value, v, "this value was sealed by another polymorphic contract",
                            {"a value of a type variable is sealed by one application of its `forall`; only "
                             "that application gives it back"});
    }
    return contract_blame(m, label.as<Label>(), value, v,
                          fmt::format("expected a value of the type variable, got {}", describe(m, v)),
                          {"a function whose contract is polymorphic (`forall a. .. -> a`) must give back "
                           "the values of `a` it was given, without looking into them"});
  }

  Step tail(Machine& m, Value v) {
    if (v.is_unknown()) return Step::ret(v);
    const Label* l = label.as<Label>();
    if (!v.is_record())
      return contract_blame(m, l, value, v, fmt::format("expected a record, got {}", describe(m, v)));
    const Record* r = v.as<Record>();
    const Record* fc = Machine::peek(c()->a).as<Record>();
    for (uint32_t i = 0; i < fc->size(); ++i) {
      const Field& f = fc->fields()[i];
      if (!f.optional() && !r->find(f.name))
        return contract_blame(m, l, value, v, fmt::format("missing field `{}`", m.names().text(f.name)),
                              {"the record type names this field"});
    }
    Value var = Machine::peek(c()->b);
    const Contract* tv = var.is(value::ObjKind::Contract) && var.as<Contract>()->kind() == ContractKind::TypeVar
                             ? var.as<Contract>()
                             : nullptr;
    Machine::SealedTail own{0, Value()};
    strip_sealed_tail(m, v, &own);
    if (tv && negative(label) != ((tv->h.flags & Contract::kNegative) != 0)) {
      // Seal: the fields the type names stay, the others go into the tail.
      Value out = typed_fields(m, r, fc, l);
      Value outside = sub_record(m, r, [&](const Field& f) { return fc->find(f.name) == nullptr; });
      if (own.fields.is_record()) attach_sealed_tail(m, outside, own);
      attach_sealed_tail(m, out, Machine::SealedTail{tv->h.u32, outside});
      return done(m, out);
    }
    for (uint32_t i = 0; i < r->size(); ++i) {
      const Field& f = r->fields()[i];
      if (!fc->find(f.name) && !(f.optional() && !f.defined()))
        return contract_blame(m, l, value, v, fmt::format("extra field `{}`", m.names().text(f.name)),
                              {tv ? "the fields of the record type and those of its tail are all it may have"
                                  : "the record type does not allow other fields"});
    }
    Value out = typed_fields(m, r, fc, l);
    if (!tv) {
      // A closed record type: a tail sealed by an outer contract stays as it is.
      if (own.fields.is_record()) attach_sealed_tail(m, out, own);
      return done(m, out);
    }
    // Unseal: the record must carry the tail sealed with this key.
    if (!own.fields.is_record())
      return contract_blame(m, l, value, v, "this record lacks the polymorphic tail of its type",
                            {"with `forall r. { ..; r } -> { ..; r }` the fields of `r` in the result "
                             "must be those of the record given for `r`"});
    if (own.key != tv->h.u32)
      return contract_blame(m, l, value, v, "this record's tail comes from another polymorphic contract",
                            {"its other fields were hidden for another type variable"});
    Machine::SealedTail deeper{0, Value()};
    Value tail_fields = strip_sealed_tail(m, own.fields, &deeper);
    out = merge_values(m, out, tail_fields, l->contract, {}).v;
    if (deeper.fields.is_record()) attach_sealed_tail(m, out, deeper);
    return done(m, out);
  }
};

} // namespace

Task* poly_contract_task(Machine& m, Value value, Value contract, Value label, bool check) {
  (void)m;
  auto* t = new PolyTask();
  t->value = value;
  t->contract = contract;
  t->label = label;
  t->check = check;
  return t;
}

Value strip_sealed_tail(Machine& m, Value rec, Machine::SealedTail* tail) {
  *tail = Machine::SealedTail{0, Value()};
  if (!rec.is_record() || !(rec.as<Record>()->h.flags & Record::kSealedTail)) return rec;
  const Record* r = rec.as<Record>();
  if (auto it = m.sealed_tails.find(r); it != m.sealed_tails.end()) *tail = it->second;
  Record* copy = new_record(m, r->size());
  copy->h.flags = r->h.flags & static_cast<uint8_t>(~(Record::kSealedTail | Record::kTracked));
  copy->lit = r->lit;
  for (uint32_t i = 0; i < r->size(); ++i) copy->fields()[i] = r->fields()[i];
  return Value::object(copy);
}

void attach_sealed_tail(Machine& m, Value rec, const Machine::SealedTail& tail) {
  auto* r = rec.as<Record>();
  r->h.flags |= Record::kSealedTail;
  m.sealed_tails[r] = tail;
}

} // namespace cairn::eval
