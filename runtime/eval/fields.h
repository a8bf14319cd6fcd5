// Fields being assembled: the pieces of a record literal's field, both sides of a merge,
// a record contract pushing its fields' contracts. `FieldData` is the unpacked form of a
// `value::Field`; `materialize` packs it back (applying pending contracts lazily).
//
// Merging two definitions of a field (`merge_field`): the higher priority wins; equal
// priorities merge the values (lazily, through a native thunk); contracts from both sides
// accumulate; the result is optional only if both sides are; not_exported if either is.
#pragma once

#include <llvm/ADT/SmallVector.h>

#include <unordered_map>

#include "runtime/eval/native.h"
#include "runtime/eval/ops.h"

namespace cairn::eval {

struct FieldData {
  base::NameId name;
  uint8_t flags = 0;
  value::PrioKind prio = value::PrioKind::Numeric;
  Value priority; // numeric priority, none means 0
  Value raw;      // none: no definition
  llvm::SmallVector<value::PendingContract, 2> contracts;
  const char* doc = nullptr;
  uint32_t doc_size = 0;
  base::Loc definition; // where the field is defined (conflicts, missing definitions)
  // Recipe (see record.h): a leaf (origin + lit_index), a tree, or none (plain).
  const value::Origin* origin = nullptr;
  uint16_t lit_index = 0;
  const value::Recipe* tree = nullptr;
  bool has_recipe() const { return origin || tree; }
};

// Unpacks a field of a record.
FieldData field_data(const value::Field& f);
// The same, knowing the record: fills in where the field is defined.
FieldData field_data(const value::Record* r, const value::Field& f);
// Packs a field (allocating its metadata when needed).
value::Field materialize(Machine& m, const FieldData& d);
// Merges two definitions of the same field.
FieldData merge_field(Machine& m, FieldData&& left, FieldData&& right, base::Loc site);
// Compares merge priorities: <0 when a is lower than b.
int compare_priority(const FieldData& a, const FieldData& b);

// The definition of a literal's field instantiated in `frame` (all its pieces merged).
// `raw_only`: only the raw value is wanted (re-closing), skip contracts and labels.
FieldData instantiate_field(Machine& m, const ir::RecordLit* lit, uint32_t index, value::Env* frame,
                            bool raw_only = false);
const ir::FieldDef& lit_field(const ir::RecordLit* lit, uint32_t index);

// New frames for the literal instances of a record being rebuilt by a merge: one per
// origin, holding the new record's fields (recursive overriding).
class Recloser {
public:
  explicit Recloser(Machine& m) : m_(m) {}
  // The raw value of a recipe for the new record.
  Value raw(const FieldData& d);
  // Re-closes the pending contracts the recipe's literal fields declared: each is delayed
  // again in the new record's frame, so `{ a | C = 1, C = Dyn } & { C | force = String }`
  // checks `a` against String. The others (plain fields', record contracts' own) stay.
  void contracts(FieldData& d) {
    if (!d.contracts.empty() && d.has_recipe()) reclose_contracts(d);
  }
  // Fills the frames with the fields of `rec` once it is built.
  void fill(const value::Record* rec);

private:
  value::Env* frame_for(const value::Origin* o);
  Value tree(const value::Recipe* r);
  void reclose_contracts(FieldData& d);
  void reclose_leaf(FieldData& d, const value::Origin* origin, uint16_t index);
  Machine& m_;
  std::vector<std::pair<const value::Origin*, value::Env*>> frames_;
  // Contracts already re-closed in this merge, by instance and use: both sides of `r & r`
  // get the same value, so merge_field still counts the contract once.
  struct Reclosed {
    const value::Origin* origin;
    const ir::ContractUse* use;
    Value contract;
  };
  llvm::SmallVector<Reclosed, 4> reclosed_;
};

// A copy of `f` for a record rebuilt by a merge: same metadata, raw value and the
// literal's contracts re-closed.
value::Field reclose_field(Machine& m, Recloser& rc, const value::Field& f);

} // namespace cairn::eval
