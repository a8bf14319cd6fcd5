// String literal processing shared by the AST builder: escape decoding and the indentation
// rules of multiline strings.
//
// A string literal is a sequence of chunks, text or interpolated expression. Multiline
// strings (m%"..."% and symbolic strings) lose their common indentation: the smallest
// indentation of any line that is not blank, counted in spaces and tabs, is removed from
// every line; a first line that is blank and a last line that is blank are dropped; and an
// interpolation alone on its line remembers its indentation (relative to the common one)
// so that the evaluator indents every line of the interpolated text by it.
#pragma once

#include "compiler/ast/ast.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::parse {

struct Chunk {
  bool is_expr = false;
  std::string text;    // text chunks
  ast::NodeId expr;    // expression chunks
  uint32_t indent = 0; // expression chunks: indentation to re-apply
  base::Span span;
};

// Removes the common indentation of a multiline string, in place.
void strip_indent(std::vector<Chunk>& chunks);

// Decodes the escape `\c` (the character after the backslash); nullopt if unknown.
std::optional<char> decode_escape(char c);

// Appends `text` to `out` with CRLF turned into LF and invalid UTF-8 replaced by U+FFFD.
void append_normalized(std::string& out, std::string_view text);

} // namespace cairn::parse
