// Writes text as a string literal of the language, so that what cairn prints (`cairn eval`,
// AST dumps, types, plans) reads back as the same string.
//
// Escapes `"` and `\`, newline, carriage return and tab as `\n` `\r` `\t`, `%{` as `\%{`
// (it would start an interpolation), and other ASCII control characters as `\xHH`; every
// other byte, UTF-8 included, is copied.
#pragma once

#include <string>
#include <string_view>

namespace cairn::base {

void append_quoted(std::string& out, std::string_view text);

inline std::string quoted(std::string_view text) {
  std::string out;
  append_quoted(out, text);
  return out;
}

} // namespace cairn::base
