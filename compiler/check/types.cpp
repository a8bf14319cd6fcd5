// The type store; see types.h.
#include "compiler/check/types.h"

#include <algorithm>

namespace cairn::check {

namespace {
constexpr std::string_view kTypeKindNames[] = {
#define CAIRN_TYPE(Name) #Name,
#include "compiler/check/type_kind.def"
};
} // namespace

std::string_view type_kind_name(TypeKind k) {
  return kTypeKindNames[static_cast<size_t>(k)];
}

TypeStore::TypeStore(base::Names* names) : names_(names) {
  constraint_lists_.emplace_back();
  origin_locs_.emplace_back();
  // The fixed ids of the header, in order.
  add(TypeKind::Dyn, 0);
  add(TypeKind::Number, 0);
  add(TypeKind::Bool, 0);
  add(TypeKind::String, 0);
  add(TypeKind::RowEmpty, 0);
  add(TypeKind::RowDyn, 0);
  add(TypeKind::EnumEmpty, 0);
  add(TypeKind::Error, 0);
}

TypeId TypeStore::contract(uint32_t key, std::string text) {
  contracts_.push_back(ContractInfo{key, std::move(text)});
  return add(TypeKind::Contract, 0, static_cast<uint32_t>(contracts_.size() - 1));
}

uint32_t TypeStore::new_binder(base::NameId name, VarKind kind) {
  binders_.push_back(Binder{name, kind});
  return static_cast<uint32_t>(binders_.size() - 1);
}

TypeId TypeStore::fresh_unif(VarKind kind, uint32_t level) {
  unifs_.push_back(UnifVar{TypeId(), level, 0, kind});
  return add(TypeKind::Unif, static_cast<uint8_t>(kind), static_cast<uint32_t>(unifs_.size() - 1));
}

TypeId TypeStore::fresh_rigid(base::NameId name, VarKind kind, uint32_t level) {
  rigids_.push_back(RigidVar{name, level, kind});
  return add(TypeKind::Rigid, static_cast<uint8_t>(kind),
             static_cast<uint32_t>(rigids_.size() - 1));
}

TypeId TypeStore::resolve(TypeId t) {
  TypeId cur = t;
  while (nodes_[cur.index].kind == TypeKind::Unif) {
    TypeId next = unifs_[nodes_[cur.index].a].binding;
    if (!next.valid()) break;
    cur = next;
  }
  // Path compression: point every variable on the way straight at the end.
  TypeId walk = t;
  while (walk != cur && nodes_[walk.index].kind == TypeKind::Unif) {
    UnifVar& u = unifs_[nodes_[walk.index].a];
    TypeId next = u.binding;
    u.binding = cur;
    walk = next;
  }
  return cur;
}

bool TypeStore::constrained(uint32_t unif, uint32_t key) const {
  uint32_t list = unifs_[unif].constraints;
  if (list == 0) return false;
  const std::vector<uint32_t>& keys = constraint_lists_[list];
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

void TypeStore::add_constraint(uint32_t unif, uint32_t key) {
  uint32_t& list = unifs_[unif].constraints;
  if (list == 0) {
    list = static_cast<uint32_t>(constraint_lists_.size());
    constraint_lists_.emplace_back();
  }
  std::vector<uint32_t>& keys = constraint_lists_[list];
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}

void TypeStore::copy_constraints(uint32_t from, uint32_t to) {
  uint32_t list = unifs_[from].constraints;
  if (list == 0 || from == to) return;
  std::vector<uint32_t> keys = constraint_lists_[list]; // copy: add_constraint may grow the lists
  for (uint32_t k : keys) add_constraint(to, k);
}

void TypeStore::set_origin(TypeId t, base::Loc loc) {
  origin_index_[t.index] = static_cast<uint32_t>(origin_locs_.size());
  origin_locs_.push_back(loc);
}

const base::Loc* TypeStore::origin(TypeId t) const {
  uint32_t i = origin_index_[t.index];
  return i == 0 ? nullptr : &origin_locs_[i];
}

} // namespace cairn::check
