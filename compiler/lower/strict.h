// Strictness analysis of `let` bindings; see strict.cpp.
#pragma once

#include "compiler/lower/ir.h"

namespace cairn::lower {

// True when evaluating `body` to weak head normal form surely forces slot `slot` of the
// current frame (depth 0).
bool surely_forces(const ir::Node* body, uint32_t slot);

} // namespace cairn::lower
