// Building string literal nodes from their tokens, shared by the AST builder (tokens from
// ANTLR's tree) and the chunk parser (tokens straight from the token array), so both give
// the same nodes and the same diagnostics.
//
// A literal is assembled token by token into chunks (string_literal.h): text tokens are
// decoded (escapes, CRLF) and merged with the text before them; an interpolation becomes an
// expression chunk. `finish` strips the indentation of multiline strings and adds the
// `Str`/`SymStr` node with its `StrText`/`StrInterp` children.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/lexer.h"
#include "compiler/parse/string_literal.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::parse {

class StringChunks {
public:
  StringChunks(ast::File& file, diag::Diagnostics& diags) : file_(file), diags_(diags) {}

  // A token of a "..." string or a quoted enum tag: STR_TEXT, STR_PCT, STR_ESC, STR_ESC_HEX.
  void text_token(TokenType type, std::string_view text, base::Span span);
  // A text token of a multiline string: MSTR_TEXT, MSTR_PCT, MSTR_QUOTE.
  void multiline_text(std::string_view text, base::Span span) { add_text(text, span, true); }
  // An MSTR_INTERP opener of a string opened with `percents` `%`: its leading `"` and extra
  // `%` are text. Returns where the interpolation itself starts.
  uint32_t multiline_opener(std::string_view text, base::Span span, uint32_t percents);
  // An interpolated expression; `span` covers `%{ ... }`.
  void expr(ast::NodeId e, base::Span span);

  // Adds the literal's node. `opener` is the text of the opening token (`"`, `m%%"`,
  // `sql-s%"`); `span` covers the whole literal.
  ast::NodeId finish(std::string_view opener, TokenType opener_type, base::Span span);
  // The text of an enum tag `'"..."`; reports interpolation.
  std::string finish_tag();

  // The number of `%` in an opener.
  static uint32_t percents(std::string_view opener);

private:
  void add_text(std::string_view text, base::Span s, bool normalize);

  ast::File& file_;
  diag::Diagnostics& diags_;
  std::vector<Chunk> chunks_;
  std::vector<ast::NodeId> kids_;
};

// The text of a literal node that has no interpolation (a `Str` with at most one `StrText`),
// else nullopt.
std::optional<std::string_view> static_text(const ast::File& file, ast::NodeId str);

} // namespace cairn::parse
