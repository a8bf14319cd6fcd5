// The parser phase: source text in, AST out.
//
//   ast::File parse::parse(sources, file, names, diags);
//
// Never throws and never crashes on any input: problems become diagnostics and `Error`
// nodes. Runs ANTLR in two stages (fast SLL with bail-out, then full LL with recovery on
// failure) on a thread with a large stack, so 10,000 nested brackets parse and deeper
// nesting ends in a "nesting too deep" diagnostic.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/names.h"
#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"

namespace cairn::parse {

struct ParseStats {
  size_t tokens = 0;
  bool used_ll = false; // the SLL stage failed and the LL stage ran
};

ast::File parse(const base::SourceMap& sources, base::FileId file, base::Names& names, diag::Diagnostics& diags,
                ParseStats* stats = nullptr);

} // namespace cairn::parse
