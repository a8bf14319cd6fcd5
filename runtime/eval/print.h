// Printing values in the language's own syntax; see print.cpp.
#pragma once

#include <string>
#include <string_view>

#include "runtime/eval/machine.h"

namespace cairn::eval {

struct PrintOptions {
  bool multiline = true; // one field per line, indented
  size_t limit = 0;      // cut the text after this many characters (0: no limit)
};

std::string print_value(Machine& m, Value v, PrintOptions opts = {});
// True when `s` can be written as a bare identifier (field names, enum tags).
bool is_identifier(std::string_view s);

} // namespace cairn::eval
