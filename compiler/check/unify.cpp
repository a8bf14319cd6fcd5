// Unification and subsumption; see unify.h.
#include "compiler/check/unify.h"

#include "compiler/check/type_walk.h"

#include <algorithm>
#include <unordered_map>

namespace cairn::check {

namespace {
Failure mismatch(TypeId e, TypeId f) {
  Failure out;
  out.kind = Failure::Mismatch;
  out.expected = e;
  out.found = f;
  return out;
}
Failure row_failure(Failure::Kind kind, base::NameId label, bool is_enum, TypeId e, TypeId f) {
  Failure out;
  out.kind = kind;
  out.label = label;
  out.enum_row = is_enum;
  out.expected = e;
  out.found = f;
  return out;
}
} // namespace

Failure Unifier::relate(TypeId expected, TypeId found, RelateMode mode, uint32_t level) {
  work_.clear();
  work_.push_back(Pair{expected, found, mode});
  while (!work_.empty()) {
    Pair p = work_.back();
    work_.pop_back();
    Failure f = step(p, level);
    if (f) {
      work_.clear();
      return f;
    }
  }
  return Failure{};
}

Failure Unifier::step(const Pair& p, uint32_t level) {
  TypeId e = store_.resolve(p.expected);
  TypeId f = store_.resolve(p.found);
  if (e == f) return Failure{};
  const TypeNode en = store_.node(e);
  const TypeNode fn = store_.node(f);
  if (en.kind == TypeKind::Error || fn.kind == TypeKind::Error) return Failure{};
  if (p.mode == RelateMode::Subsume && fn.kind == TypeKind::Forall && en.kind != TypeKind::Forall) {
    work_.push_back(Pair{e, instantiate(store_, f, level), RelateMode::Subsume});
    return Failure{};
  }
  if (en.kind == TypeKind::Unif) return bind(e, f);
  if (fn.kind == TypeKind::Unif) return bind(f, e);
  // Any value may be used where `Dyn` is expected (the way back needs a contract).
  if (p.mode == RelateMode::Subsume && en.kind == TypeKind::Dyn) return Failure{};
  if (p.mode == RelateMode::Subsume && en.kind == TypeKind::Dict && fn.kind == TypeKind::Record &&
      !(en.flags & kDictContractFlag)) {
    // {a : T1, .., an : Tn} <: {_ : T} when every Ti <: T; the record must be closed.
    std::vector<Field> fields;
    TypeId tail = collect_row(TypeId(fn.a), fields);
    for (const Field& fld : fields)
      work_.push_back(Pair{TypeId(en.a), TypeId(store_.node(fld.row).b), RelateMode::Subsume});
    TypeKind tk = store_.kind(tail);
    if (tk == TypeKind::Unif) return bind(tail, TypeStore::kRowEmpty);
    if (tk != TypeKind::RowEmpty) return mismatch(e, f);
    return Failure{};
  }
  if (en.kind != fn.kind) return mismatch(e, f);
  switch (en.kind) {
  case TypeKind::Dyn:
  case TypeKind::Number:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::RowEmpty:
  case TypeKind::RowDyn:
  case TypeKind::EnumEmpty:
  case TypeKind::Error: return Failure{};
  case TypeKind::Array: work_.push_back(Pair{TypeId(en.a), TypeId(fn.a), p.mode}); return Failure{};
  case TypeKind::Dict:
    if ((en.flags & kDictContractFlag) != (fn.flags & kDictContractFlag)) return mismatch(e, f);
    work_.push_back(Pair{TypeId(en.a), TypeId(fn.a), p.mode});
    return Failure{};
  case TypeKind::Record: return relate_rows(TypeId(en.a), TypeId(fn.a), p.mode, false, e, f);
  case TypeKind::Enum:
    return relate_rows(TypeId(en.a), TypeId(fn.a), RelateMode::Unify, true, e, f);
  case TypeKind::RowExtend: return relate_rows(e, f, p.mode, false, e, f);
  case TypeKind::EnumExtend: return relate_rows(e, f, RelateMode::Unify, true, e, f);
  case TypeKind::Arrow:
    // Invariant: no subtyping through functions. The domain is related first.
    work_.push_back(Pair{TypeId(en.b), TypeId(fn.b), RelateMode::Unify});
    work_.push_back(Pair{TypeId(en.a), TypeId(fn.a), RelateMode::Unify});
    return Failure{};
  case TypeKind::Forall: {
    const Binder& eb = store_.binder(en.a);
    if (eb.kind != store_.binder(fn.a).kind) return mismatch(e, f);
    // Both bodies with the same fresh constant, younger than every variable so far.
    TypeId r = store_.fresh_rigid(eb.name, eb.kind, level + 1);
    TypeId eb_body = substitute(store_, TypeId(en.b), {{en.a, r}});
    TypeId fb_body = substitute(store_, TypeId(fn.b), {{fn.a, r}});
    work_.push_back(Pair{eb_body, fb_body, RelateMode::Unify});
    return Failure{};
  }
  case TypeKind::Var:
  case TypeKind::Rigid: return en.a == fn.a ? Failure{} : mismatch(e, f);
  case TypeKind::Contract:
    return store_.contract_info(en.a).key == store_.contract_info(fn.a).key ? Failure{}
                                                                            : mismatch(e, f);
  case TypeKind::Unif: return bind(e, f);
  }
  return mismatch(e, f);
}

TypeId Unifier::collect_row(TypeId row, std::vector<Field>& out) {
  TypeId cur = store_.resolve(row);
  while (store_.kind(cur) == TypeKind::RowExtend || store_.kind(cur) == TypeKind::EnumExtend) {
    out.push_back(Field{store_.row_key(cur), cur});
    cur = store_.resolve(TypeId(store_.node(cur).c));
  }
  return cur;
}

TypeId Unifier::build_row(const std::vector<Field>& fields, size_t, const std::vector<bool>* keep,
                          TypeId tail) {
  TypeId out = tail;
  for (size_t i = fields.size(); i-- > 0;) {
    if (keep && !(*keep)[i]) continue;
    TypeNode n = store_.node(fields[i].row);
    n.c = out.index;
    out = store_.make(n);
  }
  return out;
}

Failure Unifier::relate_rows(TypeId expected_row, TypeId found_row, RelateMode mode, bool is_enum,
                             TypeId outer_e, TypeId outer_f) {
  std::vector<Field> ef, ff;
  TypeId etail = collect_row(expected_row, ef);
  TypeId ftail = collect_row(found_row, ff);
  std::vector<bool> e_unmatched(ef.size(), true), f_unmatched(ff.size(), true);
  // Match fields by key: linear scans for small rows, a map for large ones.
  auto match = [&](size_t i, size_t j) {
    e_unmatched[i] = false;
    f_unmatched[j] = false;
    TypeId et(store_.node(ef[i].row).b), ft(store_.node(ff[j].row).b);
    if (et.valid() && ft.valid()) work_.push_back(Pair{et, ft, mode});
  };
  if (ef.size() * ff.size() <= 256) {
    for (size_t i = 0; i < ef.size(); ++i)
      for (size_t j = 0; j < ff.size(); ++j)
        if (f_unmatched[j] && ef[i].key == ff[j].key) {
          match(i, j);
          break;
        }
  } else {
    std::unordered_map<uint32_t, size_t> index;
    index.reserve(ff.size());
    for (size_t j = ff.size(); j-- > 0;) index[ff[j].key] = j;
    for (size_t i = 0; i < ef.size(); ++i) {
      auto it = index.find(ef[i].key);
      if (it != index.end() && f_unmatched[it->second]) match(i, it->second);
    }
  }
  auto first = [&](const std::vector<Field>& v, const std::vector<bool>& unmatched) {
    for (size_t i = 0; i < v.size(); ++i)
      if (unmatched[i]) return base::NameId(store_.node(v[i].row).a);
    return base::NameId();
  };
  base::NameId missing = first(ef, e_unmatched); // in expected, not in found
  base::NameId extra = first(ff, f_unmatched);   // in found, not in expected
  if (!missing.valid() && !extra.valid())
    return relate_tails(etail, ftail, is_enum, outer_e, outer_f);
  bool e_open = store_.kind(etail) == TypeKind::Unif;
  bool f_open = store_.kind(ftail) == TypeKind::Unif;
  if (missing.valid() && (!f_open || etail == ftail))
    return row_failure(Failure::MissingRow, missing, is_enum, outer_e, outer_f);
  if (extra.valid() && (!e_open || etail == ftail))
    return row_failure(Failure::ExtraRow, extra, is_enum, outer_e, outer_f);
  if (missing.valid() && extra.valid()) {
    // Both sides grow by what the other has, over a common fresh tail.
    const UnifVar& eu = store_.unif(store_.node(etail).a);
    const UnifVar& fu = store_.unif(store_.node(ftail).a);
    TypeId rho = store_.fresh_unif(eu.kind, std::min(eu.level, fu.level));
    uint32_t r = store_.node(rho).a;
    store_.copy_constraints(store_.node(etail).a, r);
    store_.copy_constraints(store_.node(ftail).a, r);
    for (const Field& fld : ef) store_.add_constraint(r, fld.key);
    for (const Field& fld : ff) store_.add_constraint(r, fld.key);
    if (Failure fail = bind(etail, build_row(ff, 0, &f_unmatched, rho))) return fail;
    return bind(ftail, build_row(ef, 0, &e_unmatched, rho));
  }
  if (missing.valid()) return bind(ftail, build_row(ef, 0, &e_unmatched, etail));
  return bind(etail, build_row(ff, 0, &f_unmatched, ftail));
}

Failure Unifier::relate_tails(TypeId e, TypeId f, bool is_enum, TypeId outer_e, TypeId outer_f) {
  e = store_.resolve(e);
  f = store_.resolve(f);
  if (e == f) return Failure{};
  TypeKind ke = store_.kind(e), kf = store_.kind(f);
  if (ke == TypeKind::Unif) return bind(e, f);
  if (kf == TypeKind::Unif) return bind(f, e);
  if (ke == kf && (ke == TypeKind::RowEmpty || ke == TypeKind::RowDyn || ke == TypeKind::EnumEmpty))
    return Failure{};
  if (ke == TypeKind::Rigid && kf == TypeKind::Rigid && store_.node(e).a == store_.node(f).a)
    return Failure{};
  if (ke == TypeKind::Var && kf == TypeKind::Var && store_.node(e).a == store_.node(f).a)
    return Failure{};
  if (!is_enum && ke == TypeKind::RowDyn && kf == TypeKind::RowEmpty)
    return row_failure(Failure::MissingDynTail, base::NameId(), false, outer_e, outer_f);
  if (!is_enum && ke == TypeKind::RowEmpty && kf == TypeKind::RowDyn)
    return row_failure(Failure::ExtraDynTail, base::NameId(), false, outer_e, outer_f);
  return mismatch(outer_e, outer_f);
}

Failure Unifier::bind(TypeId var, TypeId to) {
  to = store_.resolve(to);
  if (to == var) return Failure{};
  uint32_t u = store_.node(var).a;
  OccursResult occ = occurs_check(store_, u, to);
  if (occ.kind == OccursResult::Occurs) {
    Failure out;
    out.kind = Failure::Occurs;
    out.expected = var;
    out.found = to;
    return out;
  }
  if (occ.kind == OccursResult::Escapes) {
    Failure out;
    out.kind = Failure::Escapes;
    out.rigid = occ.rigid;
    out.expected = var;
    out.found = to;
    return out;
  }
  if (store_.unif(u).kind != VarKind::Type) {
    // Row constraints: the labels the variable may not hold, and pass them on to the tail.
    TypeId cur = to;
    while (store_.kind(cur) == TypeKind::RowExtend || store_.kind(cur) == TypeKind::EnumExtend) {
      if (store_.constrained(u, store_.row_key(cur))) {
        return row_failure(Failure::RowConflict, base::NameId(store_.node(cur).a),
                           store_.kind(cur) == TypeKind::EnumExtend, var, to);
      }
      cur = store_.resolve(TypeId(store_.node(cur).c));
    }
    if (store_.kind(cur) == TypeKind::Unif) store_.copy_constraints(u, store_.node(cur).a);
  }
  store_.bind(var, to);
  return Failure{};
}

} // namespace cairn::check
