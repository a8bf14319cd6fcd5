// Built-in contract values: the types of the language used as contracts, and contracts
// made by `std.contract.custom`, the parts of polymorphic contracts (foralls, their type
// variables, record types with a polymorphic tail) and sealed values. Records used as
// contracts are plain records; any function used as a contract is called with a label and
// the value (Nickel's older convention).
#pragma once

#include "compiler/value/value.h"

namespace cairn::value {

enum class ContractKind : uint16_t {
  Dyn,    // accepts anything, forces nothing
  Number,
  String,
  Bool,
  Array,  // a: element contract
  Dict,   // a: contract of every field value (`{_ | T}`, `{_ : T}`)
  Arrow,  // a: domain, b: codomain
  Enum,   // a: array of allowed tags (enum tags, or variants whose argument is a contract)
  Custom, // a: function label value -> 'Ok value | 'Error {..}
  Forall, // a: function from a TypeVar contract to the body's contract (`forall a. T`)
  TypeVar, // h.u32: sealing key, fresh per application of its forall; h.flags & kNegative
  Tail,   // a: record contract of the fields, b: the TypeVar of the tail (`{ f : T; r }`)
};

// h.u16 = ContractKind; h.flags & kOpen for enum contracts with a tail; a TypeVar's
// h.flags & kNegative when its forall was applied with a negative label (runtime/eval/
// contract_poly.cpp: a type variable seals in the other polarity, unseals in the same).
struct Contract {
  static constexpr uint8_t kOpen = 1;
  static constexpr uint8_t kNegative = 2;
  Obj h;
  Value a;
  Value b;
  ContractKind kind() const { return static_cast<ContractKind>(h.u16); }
};

// A value sealed by a type variable of a polymorphic contract: opaque until the same
// application of the same forall unseals it. h.u32 = the sealing key.
struct Sealed {
  Obj h;
  Value inner;
  uint32_t key() const { return h.u32; }
};

} // namespace cairn::value
