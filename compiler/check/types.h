// The checker's types: one store of small nodes addressed by `TypeId`.
//
// A type is a tree of `TypeNode`s (kinds and payloads in type_kind.def). Record and enum
// types hold *rows*: chains of RowExtend / EnumExtend nodes ending in an empty row, `; Dyn`,
// or a row variable, so `{ a : Number; r }` is Record(RowExtend(a, Number, r)).
//
// Three sorts of variables:
//   - Var: a variable bound by an enclosing Forall, named by a binder id unique to that
//     Forall (shadowing never confuses two binders).
//   - Rigid: a skolem constant, made when an expression is checked against a `forall`; it
//     only equals itself. Its level is the scope depth at which it was made.
//   - Unif: a unification variable; the store keeps its binding (union-find: `resolve`
//     follows bindings), its level and, for row variables, the labels it may never hold
//     (row constraints, so `{ a : T; r }` can never get a second `a`).
//
// Nodes are immutable once made, except that unification variables get bound. The store
// owns everything; ids stay valid for its whole life. Types made from source annotations
// remember where they came from (`set_origin`), so diagnostics can point at them.
#pragma once

#include "compiler/base/ids.h"
#include "compiler/base/names.h"
#include "compiler/base/source.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cairn::check {

enum class TypeKind : uint8_t {
#define CAIRN_TYPE(Name) Name,
#include "compiler/check/type_kind.def"
};
std::string_view type_kind_name(TypeKind k);

// What a type variable stands for: a type, the tail of a record row, or of an enum row.
enum class VarKind : uint8_t { Type, RecordRow, EnumRow };

struct TypeTag;
using TypeId = base::Id<TypeTag>;

inline constexpr uint8_t kDictContractFlag = 1;
// Set on every node that is, or contains, a unification or rigid variable (computed when
// the node is made; it stays set after the variable is bound). Traversals skip the rest.
inline constexpr uint8_t kHasVarsFlag = 0x80;

struct TypeNode {
  TypeKind kind;
  uint8_t flags;
  uint16_t reserved;
  uint32_t a;
  uint32_t b;
  uint32_t c;
};
static_assert(sizeof(TypeNode) == 16, "TypeNode is hot: keep it small");

struct UnifVar {
  TypeId binding; // none while unbound
  uint32_t level;
  uint32_t constraints; // row variables: index into the constraint lists, 0 = none
  VarKind kind;
};

struct RigidVar {
  base::NameId name;
  uint32_t level;
  VarKind kind;
};

struct Binder {
  base::NameId name;
  VarKind kind;
};

// An opaque contract used as a type (`Port`, `std.contract.Equal 5`): two are the same type
// when their keys are equal (see convert.cpp for how keys follow aliases).
struct ContractInfo {
  uint32_t key;
  std::string text; // the contract as written, for messages
};

class TypeStore {
public:
  explicit TypeStore(base::Names* names);

  static constexpr TypeId kDyn{0};
  static constexpr TypeId kNumber{1};
  static constexpr TypeId kBool{2};
  static constexpr TypeId kString{3};
  static constexpr TypeId kRowEmpty{4};
  static constexpr TypeId kRowDyn{5};
  static constexpr TypeId kEnumEmpty{6};
  static constexpr TypeId kError{7};

  base::Names& names() const { return *names_; }
  const TypeNode& node(TypeId t) const { return nodes_[t.index]; }
  TypeKind kind(TypeId t) const { return nodes_[t.index].kind; }
  uint32_t size() const { return static_cast<uint32_t>(nodes_.size()); }

  TypeId array(TypeId elem) { return add(TypeKind::Array, 0, elem.index); }
  TypeId dict(TypeId elem, bool contract = false) {
    return add(TypeKind::Dict, contract ? kDictContractFlag : 0, elem.index);
  }
  TypeId record(TypeId row) { return add(TypeKind::Record, 0, row.index); }
  TypeId enum_type(TypeId row) { return add(TypeKind::Enum, 0, row.index); }
  TypeId arrow(TypeId dom, TypeId cod) { return add(TypeKind::Arrow, 0, dom.index, cod.index); }
  TypeId forall(uint32_t binder, TypeId body) {
    return add(TypeKind::Forall, static_cast<uint8_t>(binders_[binder].kind), binder, body.index);
  }
  TypeId var(uint32_t binder) {
    return add(TypeKind::Var, static_cast<uint8_t>(binders_[binder].kind), binder);
  }
  TypeId row_extend(base::NameId label, TypeId type, TypeId rest) {
    return add(TypeKind::RowExtend, 0, label.index, type.index, rest.index);
  }
  // `arg` is none for a bare tag.
  TypeId enum_extend(base::NameId tag, TypeId arg, TypeId rest) {
    return add(TypeKind::EnumExtend, 0, tag.index, arg.index, rest.index);
  }
  TypeId contract(uint32_t key, std::string text);
  // A copy of an existing node with other payloads (used by substitution).
  TypeId make(const TypeNode& n) { return add(n.kind, n.flags, n.a, n.b, n.c); }

  // Variables.
  uint32_t new_binder(base::NameId name, VarKind kind);
  const Binder& binder(uint32_t id) const { return binders_[id]; }
  void set_binder_kind(uint32_t id, VarKind kind) { binders_[id].kind = kind; }
  TypeId fresh_unif(VarKind kind, uint32_t level);
  TypeId fresh_rigid(base::NameId name, VarKind kind, uint32_t level);
  UnifVar& unif(uint32_t id) { return unifs_[id]; }
  const UnifVar& unif(uint32_t id) const { return unifs_[id]; }
  const RigidVar& rigid(uint32_t id) const { return rigids_[id]; }
  const ContractInfo& contract_info(uint32_t id) const { return contracts_[id]; }
  uint32_t unif_count() const { return static_cast<uint32_t>(unifs_.size()); }
  // A fresh variable of the kind a row (or type) position needs.
  static VarKind var_kind_of_tail(TypeKind row_kind) {
    return row_kind == TypeKind::EnumExtend || row_kind == TypeKind::EnumEmpty ? VarKind::EnumRow
                                                                               : VarKind::RecordRow;
  }

  // Follows the bindings of unification variables (and compresses the path).
  TypeId resolve(TypeId t);
  // Binds an unbound unification variable; the caller has done the occurs and level checks.
  void bind(TypeId unif_type, TypeId to) { unifs_[nodes_[unif_type.index].a].binding = to; }

  // Row constraints: labels a row variable must never contain. Keys are `row_key`s.
  bool constrained(uint32_t unif, uint32_t key) const;
  void add_constraint(uint32_t unif, uint32_t key);
  void copy_constraints(uint32_t from, uint32_t to);
  // The key of a row for matching and constraints: record fields by label; enum rows by
  // tag and whether the tag carries an argument (`'Foo` and `'Foo Number` are distinct).
  uint32_t row_key(TypeId row) const {
    const TypeNode& n = nodes_[row.index];
    if (n.kind == TypeKind::EnumExtend) return n.a * 2 + (TypeId(n.b).valid() ? 1 : 0);
    return n.a;
  }

  // Where a type written in source came from.
  void set_origin(TypeId t, base::Loc loc);
  const base::Loc* origin(TypeId t) const;

private:
  TypeId add(TypeKind kind, uint8_t flags, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) {
    flags = static_cast<uint8_t>((flags & ~kHasVarsFlag) |
                                 (has_vars(kind, a, b, c) ? kHasVarsFlag : 0));
    nodes_.push_back(TypeNode{kind, flags, 0, a, b, c});
    origin_index_.push_back(0);
    return TypeId(static_cast<uint32_t>(nodes_.size() - 1));
  }

  bool vars_in(uint32_t child) const { return (nodes_[child].flags & kHasVarsFlag) != 0; }
  bool has_vars(TypeKind kind, uint32_t a, uint32_t b, uint32_t c) const {
    switch (kind) {
    case TypeKind::Unif:
    case TypeKind::Rigid: return true;
    case TypeKind::Array:
    case TypeKind::Dict:
    case TypeKind::Record:
    case TypeKind::Enum: return vars_in(a);
    case TypeKind::Arrow: return vars_in(a) || vars_in(b);
    case TypeKind::Forall: return vars_in(b);
    case TypeKind::RowExtend: return vars_in(b) || vars_in(c);
    case TypeKind::EnumExtend: return (TypeId(b).valid() && vars_in(b)) || vars_in(c);
    case TypeKind::Dyn:
    case TypeKind::Number:
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::Var:
    case TypeKind::Contract:
    case TypeKind::RowEmpty:
    case TypeKind::RowDyn:
    case TypeKind::EnumEmpty:
    case TypeKind::Error: break;
    }
    return false;
  }

  base::Names* names_;
  std::vector<TypeNode> nodes_;
  std::vector<UnifVar> unifs_;
  std::vector<RigidVar> rigids_;
  std::vector<Binder> binders_;
  std::vector<ContractInfo> contracts_;
  std::vector<std::vector<uint32_t>> constraint_lists_; // [0] unused
  std::vector<uint32_t> origin_index_;                  // per node: into origin_locs_, 0 = none
  std::vector<base::Loc> origin_locs_;
  // Scratch state of type traversals (type_walk.cpp); traversals never nest.
  std::vector<TypeId> walk_stack_;
  std::vector<uint32_t> unif_epoch_;
  uint32_t epoch_ = 0;

public:
  // For traversals: a fresh visit, and whether a unification variable is seen first in it.
  uint32_t begin_visit() {
    if (unif_epoch_.size() < unifs_.size()) unif_epoch_.resize(unifs_.size(), 0);
    return ++epoch_;
  }
  bool first_visit(uint32_t unif, uint32_t epoch) {
    if (unif >= unif_epoch_.size()) unif_epoch_.resize(unifs_.size(), 0);
    if (unif_epoch_[unif] == epoch) return false;
    unif_epoch_[unif] = epoch;
    return true;
  }
  std::vector<TypeId>& walk_stack() { return walk_stack_; }
};

// Prints types for messages. One printer per diagnostic, so the unsolved unification
// variables of several types get consistent names (`_a`, `_b`, ...). Iterative.
class TypePrinter {
public:
  explicit TypePrinter(TypeStore& store) : store_(store) {}
  std::string print(TypeId t);
  // A record label or enum tag as it would be written (quoted when not an identifier).
  static std::string label(std::string_view text);

private:
  std::string unif_name(uint32_t unif);
  TypeStore& store_;
  std::unordered_map<uint32_t, std::string> unif_names_;
};

} // namespace cairn::check
