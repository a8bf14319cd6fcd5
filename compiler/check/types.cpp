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
  unifs_.push_back(UnifVar{TypeId(), level, kind});
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
  auto it = constraints_.find(unif);
  if (it == constraints_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), key) != it->second.end();
}

void TypeStore::add_constraint(uint32_t unif, uint32_t key) {
  std::vector<uint32_t>& keys = constraints_[unif];
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}

void TypeStore::copy_constraints(uint32_t from, uint32_t to) {
  auto it = constraints_.find(from);
  if (it == constraints_.end() || from == to) return;
  std::vector<uint32_t> keys = it->second; // copy: add_constraint may rehash
  for (uint32_t k : keys) add_constraint(to, k);
}

void TypeStore::set_origin(TypeId t, base::Loc loc) {
  origins_[t.index] = loc;
}

const base::Loc* TypeStore::origin(TypeId t) const {
  auto it = origins_.find(t.index);
  return it == origins_.end() ? nullptr : &it->second;
}

} // namespace cairn::check
