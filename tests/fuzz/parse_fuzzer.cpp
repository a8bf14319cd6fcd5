// libFuzzer target for the parser: any byte sequence must parse or produce diagnostics,
// never crash, hang or leak. The diagnostics are rendered and the AST dumped too, so the
// renderer and the dumper see every shape the parser can produce.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  base::SourceMap sources;
  base::Names names;
  auto file = sources.add("fuzz.conf", std::string(reinterpret_cast<const char*>(data), size));
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  ast::File tree = parse::parse(sources, file, names, diags);
  std::string dumped = ast::dump(tree, sources.get(file));
  for (const diag::Diagnostic& d : sink.diagnostics) {
    dumped += diag::TextRenderer::render(sources, d, false);
    dumped += diag::JsonRenderer::render(sources, d);
  }
  return dumped.empty() ? 1 : 0;
}
