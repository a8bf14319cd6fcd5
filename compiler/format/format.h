// The formatter behind `cairn fmt`: source text in, the same program in the canonical
// layout out.
//
//   std::optional<std::string> text = format::format(sources, file, names, diags);
//
// The layout: two-space indentation; a record, array or enum type on one line when it fits
// in 100 columns, else one item per line with trailing commas; `|>`, `&`, `&&` and `||`
// chains broken before every operator of the chain at once; a `let ... in` chain one
// binding per line when it does not fit; strings (multiline ones with their indentation)
// copied byte for byte; every comment kept where it was (at the end of its line, or on a
// line of its own); blank lines between items kept, at most one.
//
// The formatter works on the token stream (lexer.h), so it changes only whitespace, the
// place of comments relative to commas, and trailing commas; the result is parsed again
// and must give the same tree (the AST dump without positions) and the same comments, else
// the file is refused with E0005 rather than rewritten wrongly. A file with syntax errors
// is refused with its diagnostics. The output is a fixed point: formatting it again gives
// it back (tests/golden/fmt and tests/format_guarantees.py check this on every .conf).
#pragma once

#include <optional>
#include <string>

#include "compiler/base/names.h"
#include "compiler/base/source.h"
#include "compiler/diag/diagnostic.h"

namespace cairn::format {

struct Options {
  uint32_t width = 100;
  uint32_t indent = 2;
};

// The formatted text of `file`, or nullopt when it has syntax errors (reported to diags).
std::optional<std::string> format(const base::SourceMap& sources, base::FileId file,
                                  base::Names& names, diag::Diagnostics& diags,
                                  const Options& options = {});

// The layout alone, for text that is known to parse (no checks): the engine of format().
std::string layout(std::string_view text, const Options& options = {});

} // namespace cairn::format
