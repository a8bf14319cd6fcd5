// libFuzzer target for the type checker: whatever parses must type-check or produce
// diagnostics, never crash, hang or leak, in both gradual and strict mode. Every recorded
// type is printed and every diagnostic rendered, so the printer and the renderers see every
// shape the checker can produce.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/ast/ast.h"
#include "compiler/check/check.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/parse.h"

namespace {

// A small typed library standing in for `std`.
constexpr const char* kStd = R"({
  array = {
    map : forall a b. (a -> b) -> Array a -> Array b = fun f xs => [],
    fold_left : forall a b. (a -> b -> a) -> a -> Array b -> a = fun f acc xs => acc,
    length : forall a. Array a -> Number = fun xs => 0,
  },
  record = { map : forall a b. (String -> a -> b) -> { _ : a } -> { _ : b } = fun f r => {} },
  string = { length : String -> Number = fun s => 0 },
  contract = { Equal = fun x => x },
  typeof : Dyn -> [| 'Number, 'String, 'Other |] = fun x => 'Other,
})";

void check_once(cairn::base::SourceMap& sources, const cairn::ast::File& tree, const cairn::ast::File& std_tree,
                bool strict) {
  using namespace cairn;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  check::Options options;
  options.strict = strict;
  options.std_file = &std_tree;
  check::Result result = check::check(sources, tree, options, diags);
  std::string out;
  for (uint32_t i = 0; i < tree.node_count(); ++i)
    if (result.type_of(ast::NodeId(i)).valid()) out += result.type_text(ast::NodeId(i));
  for (const diag::Diagnostic& d : sink.diagnostics) {
    out += diag::TextRenderer::render(sources, d, false);
    out += diag::JsonRenderer::render(sources, d);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cairn;
  base::SourceMap sources;
  base::Names names;
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  auto std_file = sources.add("std.conf", kStd);
  ast::File std_tree = parse::parse(sources, std_file, names, diags);
  auto file = sources.add("fuzz.conf", std::string(reinterpret_cast<const char*>(data), size));
  ast::File tree = parse::parse(sources, file, names, diags);
  check_once(sources, tree, std_tree, false);
  check_once(sources, tree, std_tree, true);
  return 0;
}
