// Examples in documentation, run as tests (`cairn test`).
//
// A `doc` string may contain fenced code blocks marked ```nickel (or ```cairn). Inside a
// block, examples are separated by blank lines; an example is an expression, optionally
// followed by a line `# => expected`: the expression must evaluate to a value equal to
// `expected` (deep equality), or fail when `expected` starts with `error`. An example
// without `# =>` must evaluate without error.
//
//   ```nickel
//   std.array.map (fun x => x + 1) [1, 2]
//   # => [2, 3]
//   ```
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/eval/evaluator.h"

namespace cairn::eval {

struct DocExample {
  std::string code;       // the expression (several lines possibly)
  std::string expected;   // text after `# =>`, empty when none
  bool expect_error = false;
  uint32_t line = 0;      // line of the example within the doc string (1-based)
};

std::vector<DocExample> extract_examples(std::string_view doc);

// A documented field found in a value: its path and its doc string.
struct DocEntry {
  std::string path;
  std::string doc;
};

// Evaluates `root` and collects the doc strings of its fields, recursively through fields
// whose values are records (in name order). Fields that fail to evaluate are skipped.
std::vector<DocEntry> collect_docs(Evaluator& ev, Value root, const std::string& prefix);

} // namespace cairn::eval
