// Converts ANTLR's parse tree into our AST (compiler/ast). The only code that knows the
// generated parse-tree classes besides syntax_errors.cpp.
//
// The builder tolerates every shape error recovery can leave behind: missing children,
// contexts of the base class when no alternative was chosen, and tokens recovery skipped.
// Whatever it cannot read becomes an `Error` node, never a crash. It recurses along the
// tree (the tree's depth is already bounded by the parser's stack check) and walks
// left-associative operator chains and `.` chains iteratively.
#pragma once

#include "CairnParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

namespace cairn::parse {

ast::NodeId build_ast(cairn_gen::CairnParser::FileContext* ctx, ast::File& file, const base::SourceFile& source,
                      diag::Diagnostics& diags);

} // namespace cairn::parse
