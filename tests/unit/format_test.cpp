// The formatter's guarantees on every .conf file of the repository (golden cases, the
// standard library, the examples, the providers' contracts, the benchmarks' workloads, the
// fuzz seeds): a file that parses is formatted, formatting the result again changes
// nothing, the AST dump without positions is the same, and the comments are the same
// comments in the same order. A file that does not parse is refused. The checks here are
// computed independently of the formatter's own verification.
#include "compiler/ast/ast.h"
#include "compiler/format/format.h"
#include "compiler/parse/lexer.h"
#include "compiler/parse/parse.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace cairn;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Parsed {
  bool ok = false;
  std::string shape; // the dump without positions
};

Parsed parse_shape(const std::string& text) {
  base::SourceMap sources;
  base::Names names;
  auto file = sources.add("case.conf", text);
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  ast::File tree = parse::parse(sources, file, names, diags);
  Parsed r;
  r.ok = !diags.has_errors() && !tree.has_error();
  std::istringstream dump(ast::dump(tree, sources.get(file)));
  std::string line;
  while (std::getline(dump, line)) {
    size_t at = line.rfind(" @");
    r.shape += line.substr(0, at) + "\n";
  }
  return r;
}

std::vector<std::string> comment_texts(const std::string& text) {
  std::vector<std::string> out;
  parse::TokenArray tokens = parse::lex(text);
  for (const auto& c : tokens.comments()) {
    std::string s = text.substr(c.begin, c.end - c.begin);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    out.push_back(s);
  }
  return out;
}

std::optional<std::string> run_format(const std::string& text, std::string* diagnostics) {
  base::SourceMap sources;
  base::Names names;
  auto file = sources.add("case.conf", text);
  diag::CollectingConsumer sink;
  diag::Diagnostics diags(&sink);
  auto out = format::format(sources, file, names, diags);
  for (const auto& d : sink.diagnostics) *diagnostics += diag::TextRenderer::render(sources, d, false);
  return out;
}

} // namespace

TEST_CASE("the lexer keeps every comment in a side table", "[format]") {
  std::string text = "# head\n{ a = \"# not a comment\", # tail\n b = m%\"\n # in a string\n\"% }\n# end";
  auto comments = comment_texts(text);
  REQUIRE(comments == std::vector<std::string>{"# head", "# tail", "# end"});
}

TEST_CASE("formatting keeps the program and its comments and is idempotent", "[format]") {
  namespace fs = std::filesystem;
  size_t formatted = 0, refused = 0;
  for (const char* dir : {"tests/golden", "stdlib", "examples", "providers", "bench", "tests/fuzz/corpus",
                          "tests/fixtures", "tests/deploy"}) {
    fs::path root = fs::path(CAIRN_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".conf") continue;
      std::string text = read(entry.path());
      if (text.size() > (1u << 20)) continue;
      INFO(entry.path().string());
      Parsed before = parse_shape(text);
      std::string diagnostics;
      auto out = run_format(text, &diagnostics);
      if (!before.ok) {
        CHECK(!out);
        CHECK(!diagnostics.empty());
        ++refused;
        continue;
      }
      INFO(diagnostics);
      REQUIRE(out);
      Parsed after = parse_shape(*out);
      CHECK(after.ok);
      CHECK(after.shape == before.shape);
      CHECK(comment_texts(*out) == comment_texts(text));
      std::string again_diags;
      auto again = run_format(*out, &again_diags);
      REQUIRE(again);
      CHECK(*again == *out);
      ++formatted;
    }
  }
  CHECK(formatted > 800);
  CHECK(refused > 50);
}
