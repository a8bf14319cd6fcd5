// Names of IR kinds and the primitive operation table; see ir.h.
#include "compiler/lower/ir.h"

#include <iterator>

namespace cairn::ir {

std::string_view kind_name(Kind k) {
  switch (k) {
#define CAIRN_IR(Name)                                                                             \
  case Kind::Name: return #Name;
#include "compiler/lower/ir_kind.def"
  }
  return "?";
}

std::optional<PrimOp> prim_by_spelling(std::string_view spelling) {
  for (size_t i = 0; i < std::size(kPrimTable); ++i)
    if (kPrimTable[i].spelling == spelling) return static_cast<PrimOp>(i);
  return std::nullopt;
}

} // namespace cairn::ir
