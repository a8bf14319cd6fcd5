// The lower phase: a resolved language module in, core IR out (see ir.h).
//
//   bool ok = lower::lower_module(program, module, diags, guards);   // sets module.ir
//
// Variables become frame slots, field paths become nested record literals, operators and
// `__prim.name` calls become primitive operations, patterns become Pattern trees, types in
// contract position become contract constructors. Lowering recurses over the AST on a
// thread with a large stack and stops with "nesting too deep" before the stack runs out.
// The IR lives in `program.ir_arena`. `guards` are the type checker's run-time checks on
// reads of this module (guards.h); null when it was not checked.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/lower/guards.h"
#include "compiler/lower/ir.h"
#include "compiler/resolve/program.h"

namespace cairn::lower {

bool lower_module(resolve::Program& program, resolve::Module& module, diag::Diagnostics& diags,
                  const Guards* guards = nullptr);

} // namespace cairn::lower
