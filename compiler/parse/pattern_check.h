// Checks on the parsed tree: no name is bound twice in one pattern (E0112); no field path
// has a type without a definition (E0115).
//
//   check_patterns(file, source, diags);
//
// Runs over every pattern of the file (let bindings, function parameters, match arms) after
// the tree is built; iterative except for or-patterns nested in or-patterns, whose depth
// the parser has already bounded.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

namespace cairn::parse {

void check_patterns(const ast::File& file, const base::SourceFile& source,
                    diag::Diagnostics& diags);

} // namespace cairn::parse
