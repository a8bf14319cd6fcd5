// Names of IR kinds and the primitive operation table; see ir.h.
#include "compiler/lower/ir.h"

namespace cairn::ir {

std::string_view kind_name(Kind k) {
  switch (k) {
#define CAIRN_IR(Name)                                                                             \
  case Kind::Name: return #Name;
#include "compiler/lower/ir_kind.def"
  }
  return "?";
}

namespace {
const PrimInfo kPrims[] = {
#define CAIRN_PRIM(Name, Spelling, Arity, Strict) {Spelling, Arity, Strict},
#include "compiler/lower/prim_op.def"
};
} // namespace

const PrimInfo& prim_info(PrimOp op) { return kPrims[static_cast<size_t>(op)]; }

std::optional<PrimOp> prim_by_spelling(std::string_view spelling) {
  for (size_t i = 0; i < sizeof(kPrims) / sizeof(kPrims[0]); ++i)
    if (kPrims[i].spelling == spelling) return static_cast<PrimOp>(i);
  return std::nullopt;
}

} // namespace cairn::ir
