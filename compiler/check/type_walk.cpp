// Type traversals with explicit stacks; see type_walk.h.
#include "compiler/check/type_walk.h"

namespace cairn::check {

namespace {

// The child type ids of a node, in field order (a, b, c); returns how many.
int children_of(const TypeNode& n, TypeId out[2], uint8_t* slots) {
  switch (n.kind) {
  case TypeKind::Array:
  case TypeKind::Dict:
  case TypeKind::Record:
  case TypeKind::Enum:
    out[0] = TypeId(n.a);
    slots[0] = 0;
    return 1;
  case TypeKind::Arrow:
    out[0] = TypeId(n.a);
    out[1] = TypeId(n.b);
    slots[0] = 0;
    slots[1] = 1;
    return 2;
  case TypeKind::Forall:
    out[0] = TypeId(n.b);
    slots[0] = 1;
    return 1;
  case TypeKind::RowExtend:
    out[0] = TypeId(n.b);
    out[1] = TypeId(n.c);
    slots[0] = 1;
    slots[1] = 2;
    return 2;
  case TypeKind::EnumExtend:
    if (!TypeId(n.b).valid()) {
      out[0] = TypeId(n.c);
      slots[0] = 2;
      return 1;
    }
    out[0] = TypeId(n.b);
    out[1] = TypeId(n.c);
    slots[0] = 1;
    slots[1] = 2;
    return 2;
  case TypeKind::Dyn:
  case TypeKind::Number:
  case TypeKind::Bool:
  case TypeKind::String:
  case TypeKind::Var:
  case TypeKind::Rigid:
  case TypeKind::Unif:
  case TypeKind::Contract:
  case TypeKind::RowEmpty:
  case TypeKind::RowDyn:
  case TypeKind::EnumEmpty:
  case TypeKind::Error: return 0;
  }
  return 0;
}

void set_slot(TypeNode& n, uint8_t slot, TypeId v) {
  if (slot == 0)
    n.a = v.index;
  else if (slot == 1)
    n.b = v.index;
  else
    n.c = v.index;
}

// Visits each node of `t` once per path, but each bound unification variable only once.
template <typename Fn> void visit(TypeStore& store, TypeId t, Fn&& fn) {
  // Leaves are the common case: no stack needed.
  TypeId leaf = store.resolve(t);
  TypeId kids[2];
  uint8_t slots[2];
  if (!(store.node(leaf).flags & kHasVarsFlag)) return;
  if (children_of(store.node(leaf), kids, slots) == 0) {
    fn(leaf);
    return;
  }
  uint32_t epoch = store.begin_visit();
  std::vector<TypeId>& stack = store.walk_stack();
  stack.clear();
  stack.push_back(t);
  while (!stack.empty()) {
    TypeId cur = stack.back();
    stack.pop_back();
    // Walk through bound variables, visiting each at most once.
    while (store.kind(cur) == TypeKind::Unif && store.unif(store.node(cur).a).binding.valid()) {
      if (!store.first_visit(store.node(cur).a, epoch)) {
        cur = TypeId();
        break;
      }
      cur = store.unif(store.node(cur).a).binding;
    }
    if (!cur.valid()) continue;
    // Nodes without variables hold nothing a traversal looks for.
    if (!(store.node(cur).flags & kHasVarsFlag)) continue;
    if (!fn(cur)) {
      stack.clear();
      return;
    }
    int k = children_of(store.node(cur), kids, slots);
    for (int i = k; i-- > 0;) stack.push_back(kids[i]);
  }
}

} // namespace

TypeId substitute(TypeStore& store, TypeId root,
                  const std::vector<std::pair<uint32_t, TypeId>>& subst) {
  struct Frame {
    TypeId t;
    bool expanded;
  };
  std::vector<Frame> stack{{root, false}};
  std::vector<TypeId> results;
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    TypeId t = store.resolve(f.t);
    const TypeNode n = store.node(t);
    TypeId kids[2];
    uint8_t slots[2];
    int k = children_of(n, kids, slots);
    if (!f.expanded) {
      if (n.kind == TypeKind::Var) {
        TypeId rep = t;
        for (const auto& [binder, to] : subst)
          if (binder == n.a) rep = to;
        results.push_back(rep);
        continue;
      }
      if (k == 0) {
        results.push_back(t);
        continue;
      }
      stack.push_back({t, true});
      for (int i = k; i-- > 0;) stack.push_back({kids[i], false});
      continue;
    }
    // Children are done: their results are the last k entries.
    bool changed = false;
    TypeNode copy = n;
    for (int i = 0; i < k; ++i) {
      TypeId r = results[results.size() - k + i];
      if (r != kids[i]) {
        changed = true;
        set_slot(copy, slots[i], r);
      }
    }
    results.resize(results.size() - k);
    results.push_back(changed ? store.make(copy) : t);
  }
  return results.back();
}

TypeId instantiate(TypeStore& store, TypeId t, uint32_t level) {
  std::vector<std::pair<uint32_t, TypeId>> subst;
  TypeId body = store.resolve(t);
  while (store.kind(body) == TypeKind::Forall) {
    const TypeNode f = store.node(body); // a copy: fresh_unif grows the store
    subst.emplace_back(f.a, store.fresh_unif(store.binder(f.a).kind, level));
    body = store.resolve(TypeId(f.b));
  }
  if (subst.empty()) return t;
  TypeId out = substitute(store, body, subst);
  constrain_rows(store, out);
  return out;
}

TypeId skolemize(TypeStore& store, TypeId t, uint32_t level,
                 std::vector<std::pair<base::NameId, TypeId>>* rigids) {
  std::vector<std::pair<uint32_t, TypeId>> subst;
  TypeId body = store.resolve(t);
  while (store.kind(body) == TypeKind::Forall) {
    const TypeNode f = store.node(body); // a copy: fresh_rigid grows the store
    const Binder b = store.binder(f.a);
    TypeId r = store.fresh_rigid(b.name, b.kind, level);
    subst.emplace_back(f.a, r);
    if (rigids) rigids->emplace_back(b.name, r);
    body = store.resolve(TypeId(f.b));
  }
  if (subst.empty()) return t;
  return substitute(store, body, subst);
}

void constrain_rows(TypeStore& store, TypeId t) {
  std::vector<uint32_t> keys;
  visit(store, t, [&](TypeId cur) {
    TypeKind k = store.kind(cur);
    if (k != TypeKind::Record && k != TypeKind::Enum) return true;
    keys.clear();
    TypeId row = store.resolve(TypeId(store.node(cur).a));
    while (store.kind(row) == TypeKind::RowExtend || store.kind(row) == TypeKind::EnumExtend) {
      keys.push_back(store.row_key(row));
      row = store.resolve(TypeId(store.node(row).c));
    }
    if (store.kind(row) == TypeKind::Unif)
      for (uint32_t key : keys) store.add_constraint(store.node(row).a, key);
    return true;
  });
}

OccursResult occurs_check(TypeStore& store, uint32_t unif, TypeId t) {
  OccursResult result;
  uint32_t level = store.unif(unif).level;
  visit(store, t, [&](TypeId cur) {
    const TypeNode& n = store.node(cur);
    if (n.kind == TypeKind::Unif) {
      if (n.a == unif) {
        result.kind = OccursResult::Occurs;
        return false;
      }
      UnifVar& u = store.unif(n.a);
      if (u.level > level) u.level = level;
    } else if (n.kind == TypeKind::Rigid) {
      if (store.rigid(n.a).level > level) {
        result.kind = OccursResult::Escapes;
        result.rigid = cur;
        return false;
      }
    }
    return true;
  });
  return result;
}

bool has_unsolved(TypeStore& store, TypeId t) {
  bool found = false;
  visit(store, t, [&](TypeId cur) {
    if (store.kind(cur) == TypeKind::Unif) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

} // namespace cairn::check
