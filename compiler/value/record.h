// Records: fields sorted by NameId, each with its value, metadata and merge recipe.
//
// A record is immutable once built. A field holds:
//   - `value`: what a field access returns, a thunk or a value; none when the field has no
//     definition yet (`{ a | Number }`, an optional field);
//   - flags (optional, not_exported, priority kind) and, only when needed, a `FieldMeta`
//     with the numeric priority, documentation, the pending contracts and the raw value
//     (the value before the pending contracts were applied: merging combines raw values
//     and re-applies every contract to the result);
//   - a recipe that says how to rebuild the value for another record (recursive
//     overriding): a field of a recursive record literal was computed by IR code in a frame
//     holding the record's own fields; merging re-runs that code in a new frame holding the
//     merged record's fields. The recipe is `origin` (which literal instance, with its
//     outer environment) plus `lit_index` (which field of the literal); a field defined on
//     both sides of a merge gets a `Recipe` tree. A field without recipe is plain: merging
//     keeps its value as it is. When a higher priority replaced the value of a field that
//     declared contracts, an `Override` node keeps the losing recipe next to the winning
//     one: its contracts are still re-closed in later merges, its value is not used.
#pragma once

#include <cstdint>

#include "compiler/base/source.h"
#include "compiler/value/value.h"

namespace cairn::ir {
struct RecordLit;
}

namespace cairn::value {

// Merge priority: default < numeric (0 unless given) < force.
enum class PrioKind : uint8_t { Default = 0, Numeric = 1, Force = 2 };

// An instance of a recursive record literal: the literal and the environment it was
// evaluated in (the parent of the frame that binds the record's own fields).
struct Origin {
  const ir::RecordLit* lit;
  Env* outer;
};

// How to rebuild a field's raw value for a new record; see the header comment.
// `Override`: the value is `left`'s (null: no value), `right` only lends its contracts.
struct Recipe {
  enum Kind : uint8_t { Leaf, Merge, Plain, Override } kind;
  uint16_t lit_index;    // Leaf
  const Origin* origin;  // Leaf
  const Recipe* left;    // Merge, Override
  const Recipe* right;   // Merge, Override
  Value plain;           // Plain: the raw value itself
};

struct PendingContract {
  Value contract; // a contract value or a thunk of one
  Value label;    // a Label object
};

struct ContractList {
  uint32_t size;
  uint32_t reserved;
  PendingContract* items() { return reinterpret_cast<PendingContract*>(this + 1); }
  const PendingContract* items() const { return reinterpret_cast<const PendingContract*>(this + 1); }
};

struct FieldMeta {
  Value raw;                      // the value before `contracts` (none if undefined)
  const ContractList* contracts;  // may be null
  Value priority;                 // numeric priority (a number), none means 0
  const char* doc;                // null if none
  uint32_t doc_size;
  uint32_t reserved;
  base::Loc definition;           // where the field is defined or declared
};

struct Field {
  static constexpr uint8_t kOptional = 1;
  static constexpr uint8_t kNotExported = 2;
  static constexpr uint8_t kRecipeTree = 4; // `origin` is really a `const Recipe*`
  base::NameId name;
  uint8_t flags;
  PrioKind prio;
  uint16_t lit_index;
  const void* origin; // const Origin* (leaf recipe), const Recipe* (kRecipeTree), or null
  Value value;
  FieldMeta* meta;

  bool defined() const { return !value.is_none(); }
  bool optional() const { return (flags & kOptional) != 0; }
  bool not_exported() const { return (flags & kNotExported) != 0; }
  Value raw() const { return meta && meta->contracts ? meta->raw : value; }
};
static_assert(sizeof(Field) == 32, "fields are hot: keep them small");

// u32 = field count; flags below. Fields follow the struct, sorted by name index.
struct Record {
  static constexpr uint8_t kOpen = 1;    // a record contract written with `..`
  static constexpr uint8_t kTracked = 2; // reads are reported to the evaluation observer
  static constexpr uint8_t kFrozen = 4;  // std.record.freeze: no recipes
  // Has fields hidden by a polymorphic contract (`forall r. { a : T; r } -> ..`): they are
  // in Machine::sealed_tails, keyed by this record (runtime/eval/contract_poly.cpp).
  static constexpr uint8_t kSealedTail = 8;
  Obj h;
  const ir::RecordLit* lit; // the literal it was built from (field i is its field lit_index), or null
  Field* fields() { return reinterpret_cast<Field*>(this + 1); }
  const Field* fields() const { return reinterpret_cast<const Field*>(this + 1); }
  uint32_t size() const { return h.u32; }
  // The field named `name`, or null.
  const Field* find(base::NameId name) const;
  int32_t index_of(base::NameId name) const;
};

} // namespace cairn::value
