// The chunk parser's fast path against the reference parse of the whole file as one ANTLR
// window: on every golden case that parses, on the bundled example and on a generated
// deployment spec, both must give the same AST dump and the same diagnostics.
#include "compiler/ast/ast.h"
#include "compiler/parse/parse.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace cairn;

namespace {

struct Result {
  std::string dump;
  std::string diagnostics;
  parse::ParseStats stats;
};

Result run(const std::string& text, bool whole_file) {
  base::SourceMap sources;
  base::Names names;
  auto file = sources.add("case.conf", text);
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  Result r;
  parse::ParseOptions options;
  options.whole_file = whole_file;
  ast::File tree = parse::parse(sources, file, names, diags, &r.stats, options);
  r.dump = ast::dump(tree, sources.get(file));
  for (const diag::Diagnostic& d : sink.diagnostics)
    r.diagnostics += diag::TextRenderer::render(sources, d, false);
  return r;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

} // namespace

TEST_CASE("the fast path gives the reference AST on every valid golden case", "[parse]") {
  size_t compared = 0;
  for (const char* dir : {"tests/golden/parse", "examples/fediverse"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(CAIRN_SOURCE_DIR) / dir)) {
      std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".conf" || name.rfind("fail_", 0) == 0) continue;
      std::string text = read(entry.path());
      Result fast = run(text, false);
      Result whole = run(text, true);
      INFO(name);
      CHECK(!fast.stats.recovered);
      CHECK(fast.dump == whole.dump);
      CHECK(fast.diagnostics == whole.diagnostics);
      ++compared;
    }
  }
  CHECK(compared > 150);
}

TEST_CASE("the fast path handles the shapes the chunk parser builds by hand", "[parse]") {
  const char* cases[] = {
      "{ a = 1, b = \"s\", c = 'T, d = null, e = true, f = x.y.z, g = Array Number, h = _ }",
      "{ a | default = 1, b | force = 2, c | priority -3 = 3, d | priority 4 = 4 }",
      "{ e | optional, f | not_exported }",
      "{ a | doc \"the a\" = 1, b : Number = 2, c | Foo.Bar = 3, d | { x : Number } = { x = 1 } }",
      "{ \"quoted\" = 1, a.\"b c\".d = 2, \"\" = 3, \"\\n\" = 4 }",
      "{ a = { b = { c = [1, [2, [3, { d = 4 }]]] } }, e = [] , f = {} }",
      "{ a = let x = 1, y = 2 in x + y, b = 3 }",
      "[let a = 1, b = 2 in a, 3, fun x => x, match { x => x }]",
      "{ a = \"x %{ y } z %{ { q = 1 }.q }\", b = m%\"\n  l %{ [1, 2] }\n  m\n\"% }",
      "{ a = 1, ..}",
      "{ a = 1, b = 2; r }",
      "{ a : Number; Dyn }",
      "{ ..; r }",
      "{ ; r }",
      "{ include a, include [b, c], d = 1 }",
      "{ include = 1, include.x = 2 }",
      "{ a = { _ : Number }, b = {_ | String} }",
      "{ a = match { {x} => x, [y] => y } }",
      "fun { a, b = { c }, d ? { e = 1 } } [f, ..g] => a",
      "{ f = fun {x, y} => x, g = let {a} = {a = 1} in a }",
      "{ a = 'Foo { x = 1 }, b = 'Bar [1], c = f { x = 1 } [2] }",
      "{ a.b.c | default = { d = 1 } }",
      "{ \"%{k}\" = 1, a = \"%{k}\" }",
      "{ x = [| 'A, 'B { c : Number } |], y = { a : Array { b : String } } }",
      "{ p = m%%\"\n  %{a} %%{b}\n\"%%, q = sql-s%\"select %{x}\"% }",
      // Dictionary and enum types of typed code (chunk_values.cpp's type atoms).
      "{ a : { _ : Number } = b, c | {_ | Array String} = d, e : Array {_ : Foo.Bar x} }",
      "{ k : [| 'A, 'CNAME, 'MX |], l : [| |], m : [| 'a, |], n : [| 'a; r |] }",
      "{ o : [| 'a, ; r |], p : [| ; r |], q : [| 'a 'b, 'c \"s\", 'd x.y |] }",
      "{ r : [| 'Ok Number, 'Err { msg : String }, 'L [1], 'M (Array Number) |] }",
      "[{_ : Number} x, [| 'a |] y, 'T [| 'a |], {_ : {_ : Number}}, [| 'a [| 'b |] |]]",
      "{ s : {_ : [| 'a |]} = {}, t = {_ : Number} & {_ | String}, u : [| 'A; as |] }",
      // Parentheses around simple values and chains.
      "{ a = f (g x) (h y.z), b = (x), c = (x + 1) * 2, d = ('Foo x), e = (Array Number) }",
      "{ f = (a : T | C), g = (x |> f) & y, h = s ++ (std.to_string (n + 1)), i = ((x)) }",
      "{ j = (+), k = (-1), l = (.) r \"a\", m = (f x).y, n = (!a), o = (fun x => x) 1 }",
      "[(1), ({ a = 1 }), ([1, 2] @ [3]), (\"s\"), ({_ : Number}), ([| 'a |])]",
  };
  for (const char* c : cases) {
    Result fast = run(c, false);
    Result whole = run(c, true);
    INFO(c);
    CHECK(fast.diagnostics.empty());
    CHECK(!fast.stats.recovered);
    CHECK(fast.dump == whole.dump);
  }
}

TEST_CASE("the fast path builds operator chains as the grammar does", "[parse]") {
  const char* cases[] = {
      "{ a = b & c | D, e = f g & h i : T | U, j = 1 + 2 - 3 + x.y }",
      "{ a = 1 + 2 * 3, b = 1 * 2 + 3, c = -1 + 2, d = 1 + -2, e = !a && b }",
      "{ a = x |> f |> g a, b = x & y |> z, c = a == b != c, d = a < b <= c }",
      "{ a = a ++ b @ c, b = a || b || c, c = a && b || c, d = a -> b -> c }",
      "{ a = f -1, b = f - 1, c = x.y - z.w, d = 'Foo x & y, e = \"s\" ++ \"t\" }",
      "{ a = {b = 1} & {c = 2} | {_ : Number} | Foo, b = [1] @ [2] @ [] }",
      "[x | A, y : B, z | C | D : E, w + 1 | F]",
      "{ a = x | default }",
      "{ a = x + }",
      "{ a = x | }",
      "{ a = + x }",
      "[a & b |]",
      "{ a = [| 'a 'b 'c |] }",
      "{ a = [| , |] }",
      "{ a = [| 'a; |] }",
      "{ a = {_ : } }",
      "{ a = {_ Number} }",
      "[ [| 'a, 'b; r, |] ]",
      "{ a = f (x +) }",
      "{ a = (x y z }",
      "{ a = (x | default) }",
      "{ a = () }",
      "{ a = f (x) = 2 }",
  };
  for (const char* c : cases) {
    Result fast = run(c, false);
    Result whole = run(c, true);
    INFO(c);
    CHECK(fast.diagnostics.empty() == whole.diagnostics.empty());
    if (whole.diagnostics.empty()) CHECK(fast.dump == whole.dump);
  }
}
