// The parser phase: source text in, AST out.
//
//   ast::File parse::parse(sources, file, names, diags);
//
// Never throws and never crashes on any input: problems become diagnostics and `Error`
// nodes. The pipeline (docs/architecture.md has the long version):
//   1. lex into a compact token array (lexer.h), checking UTF-8 and NUL bytes;
//   2. fast path: the chunk parser (chunk_parser.h) with ANTLR in SLL then LL mode and no
//      error recovery, window by window;
//   3. if anything fails, start again in recovery mode: windows with ANTLR's recovery and
//      our messages (syntax_errors.h), or, when the brackets of the file do not balance,
//      the whole file as one window.
// All of it runs on a thread with a large stack, so 10,000 nested brackets parse and
// deeper nesting ends in a "nesting too deep" diagnostic. Diagnostics come out in source
// order.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/base/names.h"
#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"

namespace cairn::parse {

struct ParseStats {
  size_t tokens = 0;
  bool used_ll = false;   // some window needed the full LL stage
  bool recovered = false; // the fast path failed and the recovery parse ran
  uint32_t windows = 0;   // ANTLR windows parsed
  uint32_t max_depth = 0; // deepest nesting of live ANTLR windows
  size_t token_bytes = 0; // memory held by the token array
};

struct ParseOptions {
  // Parse the whole file as one ANTLR window, without the fast path: the reference the
  // chunked parse is tested against (slow, and holds the whole parse tree).
  bool whole_file = false;
  // Take the tree of a text parsed at build time (ast_image.h) when there is one.
  bool use_images = true;
};

ast::File parse(const base::SourceMap& sources, base::FileId file, base::Names& names,
                diag::Diagnostics& diags, ParseStats* stats = nullptr,
                const ParseOptions& options = {});

} // namespace cairn::parse
