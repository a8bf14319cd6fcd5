// What the type checker tells lowering: run-time checks to put on reads typed code relied
// on. Typed code may trust the literal type of a field of an untyped recursive record
// (`{ base = 80, http : Number = base + 1 }`); a merge may override the field, so the
// value is checked where typed code reads it. The checker computes them per module
// (check::ProgramChecker is a GuardSource); lowering wraps each listed read in the
// contract. Carried from the check result to the lowering, not written into the module.
#pragma once

#include <cstdint>
#include <unordered_map>

namespace cairn::lower {

enum class TypeGuard : uint8_t { Number, String, Bool, Array };

// Var NodeId index -> the contract wrapped around that read.
using Guards = std::unordered_map<uint32_t, TypeGuard>;

class GuardSource {
public:
  virtual ~GuardSource() = default;
  // The guards of a module, or null when it has none (or was not checked).
  virtual const Guards* guards(uint32_t module) const = 0;
};

} // namespace cairn::lower
