// Built-in contract values: the types of the language used as contracts, and contracts
// made by `std.contract.custom`. Records used as contracts are plain records; any function
// used as a contract is called with a label and the value (Nickel's older convention).
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
};

// h.u16 = ContractKind; h.flags & kOpen for enum contracts with a tail.
struct Contract {
  static constexpr uint8_t kOpen = 1;
  Obj h;
  Value a;
  Value b;
  ContractKind kind() const { return static_cast<ContractKind>(h.u16); }
};

} // namespace cairn::value
