// Unification and subsumption of types.
//
//   relate(expected, found, mode) -> Failure
//
// Unify makes two types equal by binding unification variables. Subsume checks that a
// value of the found type may be used where the expected type is wanted: the same as
// unification, plus the subtyping rules of the language -- a record type is a subtype of a
// dictionary type when every field is, `Array`, dictionaries and record fields are
// covariant, every type is a subtype of `Dyn`, and a polymorphic found type is instantiated
// first. Arrows are invariant.
//
// Rows are matched by label in one pass: labels on one side only extend the other side's
// row variable (respecting its constraints), or are reported as missing / extra fields.
// The algorithm works from an explicit worklist of pairs; the first failure stops it and
// describes the innermost pair that failed, so messages can show both the outer types and
// the precise clash.
#pragma once

#include "compiler/check/types.h"

#include <cstdint>

namespace cairn::check {

enum class RelateMode : uint8_t { Unify, Subsume };

struct Failure {
  enum Kind : uint8_t {
    None,
    Mismatch,       // expected / found: the innermost clashing pair
    MissingRow,     // label: a field (or enum tag) the found type lacks
    ExtraRow,       // label: a field (or enum tag) the expected type does not allow
    RowConflict,    // label: a row variable would get a label it must not hold
    Escapes,        // rigid: a type variable would leave the scope of its `forall`
    Occurs,         // expected / found: binding would make an infinite type
    MissingDynTail, // expected has `; Dyn`, found is closed
    ExtraDynTail,   // found has `; Dyn`, expected is closed
  } kind = None;
  TypeId expected;
  TypeId found;
  base::NameId label;
  bool enum_row = false;
  TypeId rigid;
  explicit operator bool() const { return kind != None; }
};

class Unifier {
public:
  explicit Unifier(TypeStore& store) : store_(store) {}
  // `level` is the checker's current scope depth (for instantiation during subsumption).
  Failure relate(TypeId expected, TypeId found, RelateMode mode, uint32_t level);
  Failure unify(TypeId expected, TypeId found, uint32_t level) {
    return relate(expected, found, RelateMode::Unify, level);
  }

private:
  struct Pair {
    TypeId expected;
    TypeId found;
    RelateMode mode;
  };
  struct Field {
    uint32_t key;
    TypeId row; // the RowExtend / EnumExtend node
  };
  Failure step(const Pair& p, uint32_t level);
  Failure relate_rows(TypeId expected_row, TypeId found_row, RelateMode mode, bool is_enum,
                      TypeId outer_e, TypeId outer_f);
  Failure relate_tails(TypeId e, TypeId f, bool is_enum, TypeId outer_e, TypeId outer_f);
  // Binds unification variable `var` (a Unif node) to `to`, after the checks.
  Failure bind(TypeId var, TypeId to);
  TypeId collect_row(TypeId row, std::vector<Field>& out);
  TypeId build_row(const std::vector<Field>& fields, size_t from, const std::vector<bool>* skip,
                   TypeId tail);

  TypeStore& store_;
  std::vector<Pair> work_;
};

} // namespace cairn::check
