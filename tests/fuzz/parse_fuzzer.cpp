// libFuzzer target for the parser: any byte sequence must parse or produce diagnostics,
// never crash, hang or leak. The diagnostics are rendered and the AST dumped too, so the
// renderer and the dumper see every shape the parser can produce. Two oracles abort on a
// difference:
//  - the hand-written lexer must give the tokens of the grammar's ANTLR lexer;
//  - when the input parses without errors, the chunk parser must give the same AST and
//    diagnostics as parsing the whole file as one ANTLR window (and accept the same inputs).
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/parse.h"
#include "tests/unit/lexer_reference.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Parsed {
  std::string dump;
  std::string diagnostics;
  bool errors;
};

Parsed run(const std::string& text, bool whole_file) {
  using namespace cairn;
  base::SourceMap sources;
  base::Names names;
  auto file = sources.add("fuzz.conf", text);
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  parse::ParseOptions options;
  options.whole_file = whole_file;
  ast::File tree = parse::parse(sources, file, names, diags, nullptr, options);
  Parsed p{ast::dump(tree, sources.get(file)), "", diags.has_errors()};
  for (const diag::Diagnostic& d : sink.diagnostics) {
    p.diagnostics += diag::TextRenderer::render(sources, d, false);
    p.diagnostics += diag::JsonRenderer::render(sources, d);
  }
  return p;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string lexers = cairn::parse::compare_lexers(text);
  if (!lexers.empty()) {
    std::fprintf(stderr, "lexers differ: %s\n", lexers.c_str());
    std::abort();
  }
  Parsed fast = run(text, false);
  Parsed whole = run(text, true);
  if (!fast.errors || !whole.errors) {
    if (whole.errors != fast.errors || whole.dump != fast.dump ||
        whole.diagnostics != fast.diagnostics) {
      std::fprintf(stderr,
                   "fast path differs from the whole-file parse\n--- fast\n%s\n--- whole\n%s\n",
                   fast.dump.c_str(), whole.dump.c_str());
      std::abort();
    }
  }
  return 0;
}
