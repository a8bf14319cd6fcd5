// The entry point of the checker phase; see check.h.
#include "compiler/check/check.h"

#include "compiler/check/checker.h"

namespace cairn::check {

Result check(const base::SourceMap& sources, const ast::File& file, const Options& options,
             diag::Diagnostics& diags) {
  Result result(&file.names());
  Checker checker(sources, file, options, diags, result);
  checker.run();
  return result;
}

std::string Result::type_text(ast::NodeId node) const {
  TypeId t = type_of(node);
  if (!t.valid()) return "Dyn";
  TypePrinter printer(*types);
  return printer.print(t);
}

} // namespace cairn::check
